"""The INSi sandbox: deterministic answers from `insi_sandbox_dataset`, with injectable faults.

Its rules and dataset are documented in `insi_sandbox_dataset`. It is used by default; a production
INSi client plugs in behind the same `InsiPort`.
"""

import asyncio
import uuid
from collections import Counter
from collections.abc import Sequence

from ins_service.adapters.insi import (
    CarteVitaleQuery,
    InsiTimeout,
    InsiUnavailable,
    VerificationQuery,
)
from ins_service.adapters.insi_sandbox_dataset import (
    INTERMITTENT_NAME,
    SANDBOX_PERSONS,
    TIMEOUT_NAME,
    UNAVAILABLE_NAME,
    SandboxPerson,
)
from ins_service.domain import (
    InsiIdentity,
    InsiOperation,
    InsiResult,
    InsiResultCode,
    TraitSearchCriteria,
    name_key,
    parse_matricule,
)
from ins_service.settings import SandboxFault

# A sandbox "timeout" hangs this long; the adapter's deadline always fires first.
HANG_SECONDS = 3600.0


def _first_names_match(sent: str, person: SandboxPerson) -> bool:
    words = name_key(sent).split()
    listed = name_key(person.traits.birth_first_names).split()
    if person.needs_all_first_names:
        return words == listed
    return bool(words) and (
        words == name_key(person.traits.first_birth_first_name).split() or listed[: len(words)] == words
    )


def _found(operation: InsiOperation, person: SandboxPerson) -> InsiResult:
    identity = InsiIdentity(
        matricule=parse_matricule(person.matricule),
        oid=person.ins.oid,
        traits=person.traits,
        previous=person.previous_ins,
    )
    return InsiResult(operation, InsiResultCode.FOUND, _reference(), identity)


def _reference() -> str:
    return f"SANDBOX-{uuid.uuid4().hex[:16].upper()}"


class SandboxInsi:
    """Implements `InsiPort` over the fictitious dataset (DOMAIN.md §3: sandbox)."""

    def __init__(
        self,
        persons: Sequence[SandboxPerson] = SANDBOX_PERSONS,
        *,
        fault: SandboxFault = SandboxFault.NONE,
        hang_seconds: float = HANG_SECONDS,
    ) -> None:
        self.persons = tuple(persons)
        self.fault = fault
        self.hang_seconds = hang_seconds
        self.calls: Counter[str] = Counter()

    async def _inject(self, birth_name: str) -> None:
        key = name_key(birth_name).upper()
        self.calls[key] += 1
        fault = self.fault
        if key == TIMEOUT_NAME:
            fault = SandboxFault.TIMEOUT
        elif key == UNAVAILABLE_NAME or (key == INTERMITTENT_NAME and self.calls[key] % 2 == 1):
            fault = SandboxFault.UNAVAILABLE
        if fault is SandboxFault.TIMEOUT:
            await asyncio.sleep(self.hang_seconds)
            raise InsiTimeout()
        if fault is SandboxFault.UNAVAILABLE:
            raise InsiUnavailable()

    async def search_by_traits(self, criteria: TraitSearchCriteria) -> InsiResult:
        await self._inject(criteria.birth_name)
        matches = [
            person
            for person in self.persons
            if name_key(person.traits.birth_name) == name_key(criteria.birth_name)
            and person.traits.sex is criteria.sex
            and person.traits.birth_date == criteria.birth_date
            and _first_names_match(criteria.first_names, person)
            and criteria.birth_place_code in (None, person.traits.birth_place_code)
        ]
        operation = InsiOperation.SEARCH_BY_TRAITS
        if len(matches) == 1:
            return _found(operation, matches[0])
        code = InsiResultCode.NOT_FOUND if not matches else InsiResultCode.SEVERAL_FOUND
        return InsiResult(operation, code, _reference())

    async def search_by_carte_vitale(self, query: CarteVitaleQuery) -> InsiResult:
        await self._inject(query.birth_name)
        matches = [
            person
            for person in self.persons
            if query.matricule in (person.matricule, *person.previous, person.card_holder_matricule)
            and name_key(person.traits.birth_name) == name_key(query.birth_name)
            and person.traits.birth_date == query.birth_date
            and person.birth_rank == query.birth_rank
        ]
        operation = InsiOperation.SEARCH_BY_CARTE_VITALE
        # The dataset never holds two persons for one card, name, date and rank; INSi would say 01.
        if len(matches) == 1:
            return _found(operation, matches[0])
        return InsiResult(operation, InsiResultCode.NOT_FOUND, _reference())

    async def verify(self, query: VerificationQuery) -> InsiResult:
        await self._inject(query.birth_name)
        operation = InsiOperation.VERIFY
        for person in self.persons:
            if (
                person.ins == query.ins
                and not person.verification_fails
                and name_key(person.traits.birth_name) == name_key(query.birth_name)
                and person.traits.sex is query.sex
                and person.traits.birth_date == query.birth_date
                and _first_names_match(query.first_names, person)
            ):
                return _found(operation, person)
        return InsiResult(operation, InsiResultCode.NOT_FOUND, _reference())
