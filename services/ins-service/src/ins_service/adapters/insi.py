"""The INSi téléservice port: two searches and a verification, with timeouts and bounded retries.

A technical fault (timeout, service error) is an `InsiFault`, never a business result (DOMAIN.md §3):
the API answers it with a 504/503 problem and changes nothing. Business results (00/01/02) are the
domain's `InsiResult`. INSi calls are read-only, so a call that failed technically may be repeated.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from dentalink_contracts import Ins, Sex
from ins_service.domain import (
    InsiOperation,
    InsiResult,
    TraitSearchCriteria,
    TypedTraits,
    first_trait_search_criteria,
    next_trait_search_criteria,
)
from servicekit.counters import starting_at_zero
from servicekit.telemetry import meter

_faults = starting_at_zero(
    meter.create_counter(
        "dentalink_ins_insi_faults", description="INSi calls that failed technically, by operation and kind"
    ),
    *(
        {"operation": operation.value, "kind": kind}
        for operation in InsiOperation
        for kind in ("fault", "timeout", "unavailable")
    ),
)
_calls = meter.create_counter(
    "dentalink_ins_insi_calls", description="INSi calls answered, by operation and result code"
)


@dataclass(frozen=True)
class CarteVitaleQuery:
    """A search with the data of a carte Vitale: the card's matricule (the holder's NIR for a child),
    birth name, birth date and birth rank, which tells twins apart (DOMAIN.md §3)."""

    matricule: str
    birth_name: str
    birth_date: date
    birth_rank: int = 1


@dataclass(frozen=True)
class VerificationQuery:
    """A held INS and the traits held with it, to confirm they still go together (DOMAIN.md §3)."""

    ins: Ins
    birth_name: str
    first_names: str
    sex: Sex
    birth_date: date
    birth_place_code: str | None = None


class InsiFault(Exception):
    """INSi could not answer: a technical fault, distinct from the 00/01/02 results (DOMAIN.md §3)."""

    kind = "fault"


class InsiTimeout(InsiFault):
    """INSi did not answer within the deadline."""

    kind = "timeout"


class InsiUnavailable(InsiFault):
    """INSi answered with a service error."""

    kind = "unavailable"


class InsiPort(Protocol):
    """What ins-service needs from INSi; the sandbox and a production client implement it."""

    async def search_by_carte_vitale(self, query: CarteVitaleQuery) -> InsiResult: ...

    async def search_by_traits(self, criteria: TraitSearchCriteria) -> InsiResult: ...

    async def verify(self, query: VerificationQuery) -> InsiResult: ...


class ResilientInsi:
    """Wraps a port: each call gets a deadline, a technical fault is retried a bounded number of times
    with exponential back-off, and the last fault is raised when every attempt failed."""

    def __init__(
        self, port: InsiPort, *, timeout_seconds: float, max_attempts: int, retry_base_seconds: float
    ) -> None:
        if max_attempts < 1:
            raise ValueError("at least one attempt")
        self.port = port
        self.timeout_seconds = timeout_seconds
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds

    async def _call(self, operation: InsiOperation, call: Callable[[], Awaitable[InsiResult]]) -> InsiResult:
        fault: InsiFault = InsiUnavailable()
        for attempt in range(1, self.max_attempts + 1):
            try:
                result = await asyncio.wait_for(call(), timeout=self.timeout_seconds)
            except TimeoutError:
                fault = InsiTimeout()
            except InsiFault as error:
                fault = error
            else:
                _calls.add(1, {"operation": operation.value, "code": result.code.value})
                return result
            _faults.add(1, {"operation": operation.value, "kind": fault.kind})
            if attempt < self.max_attempts:
                await asyncio.sleep(self.retry_base_seconds * 2 ** (attempt - 1))
        raise fault

    async def search_by_carte_vitale(self, query: CarteVitaleQuery) -> InsiResult:
        operation = InsiOperation.SEARCH_BY_CARTE_VITALE
        return await self._call(operation, lambda: self.port.search_by_carte_vitale(query))

    async def search_by_traits(self, criteria: TraitSearchCriteria) -> InsiResult:
        operation = InsiOperation.SEARCH_BY_TRAITS
        return await self._call(operation, lambda: self.port.search_by_traits(criteria))

    async def verify(self, query: VerificationQuery) -> InsiResult:
        return await self._call(InsiOperation.VERIFY, lambda: self.port.verify(query))


@dataclass(frozen=True)
class TraitSearchAttempt:
    """One search of the strategy: what was sent and what INSi answered."""

    criteria: TraitSearchCriteria
    result: InsiResult


async def search_by_traits_with_strategy(port: InsiPort, traits: TypedTraits) -> list[TraitSearchAttempt]:
    """Search by traits; on 01/02 retry with the other first names, then the birth place, then stop
    (DOMAIN.md §3). The last attempt's result is the answer; at most three calls."""
    criteria: TraitSearchCriteria | None = first_trait_search_criteria(traits)
    attempts: list[TraitSearchAttempt] = []
    while criteria is not None:
        result = await port.search_by_traits(criteria)
        attempts.append(TraitSearchAttempt(criteria, result))
        criteria = next_trait_search_criteria(criteria, result.code, traits)
    return attempts
