"""Identity workflows shared by the API and the event handlers: load, apply a domain transition,
store it with its history entry, publish what it means, all in the caller's transaction.

Every transition of one identity runs under its row lock (`SELECT … FOR UPDATE`), INSi call
included, so concurrent requests apply one after the other and each entry into QUAL publishes
exactly one IdentityQualified (DOMAIN.md §2). A technical INSi fault raises before anything is
written, so the transaction rolls back and the identity is unchanged (DOMAIN.md §3).
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts import Ins
from dentalink_contracts.events import IdentityQualified, IdentityStatusChanged, InsTraits
from ins_service.adapters import (
    CarteVitaleQuery,
    InsiFault,
    TraitSearchAttempt,
    VerificationQuery,
    search_by_traits_with_strategy,
)
from ins_service.context import InsContext
from ins_service.domain import (
    DomainError,
    ErrorCode,
    Fingerprint,
    Identity,
    IdentityAttribute,
    InsiResult,
    InsiTraits,
    MatchReason,
    Publication,
    Transitioned,
    TypedTraits,
    check_insi_allowed,
    find_duplicates,
    new_identity,
    publication_for,
    record_insi_result,
    set_attribute,
)
from ins_service.models import IdentityRow, TransitionRow
from ins_service.problems import domain_problem, duplicate_problem, insi_problem, matricule_taken
from ins_service.store import (
    duplicate_candidates,
    fingerprint_of,
    get_identity,
    identity_of,
    lock_practice,
    new_row,
    store_identity,
    transition_row,
)
from servicekit import publish
from servicekit.telemetry import count_after_commit, meter

_qualified = meter.create_counter(
    "dentalink_ins_identities_qualified", description="Identities that reached QUAL, by collection method"
)
_left_qualified = meter.create_counter(
    "dentalink_ins_identities_left_qualified", description="Identities that left QUAL (downgrades)"
)
_created = meter.create_counter("dentalink_ins_identities_created", description="Identities created")


@dataclass(frozen=True)
class Applied:
    """An identity after a change: its row and the history entries the change wrote."""

    row: IdentityRow
    entries: list[TransitionRow]

    @property
    def entry(self) -> TransitionRow:
        return self.entries[-1]


def _ins_traits(identity: Identity) -> InsTraits:
    traits = identity.insi_traits
    if traits is None:  # only reachable if a verification returned no traits
        typed = identity.typed_traits
        traits = InsiTraits.from_insi(
            birth_name=typed.birth_name,
            birth_first_names=typed.birth_first_names,
            first_birth_first_name=typed.first_birth_first_name,
            birth_date=typed.birth_date,
            sex=typed.sex,
            birth_place_code=typed.birth_place_code,
        )
    return InsTraits(
        birth_name=traits.birth_name,
        birth_first_names=traits.birth_first_names,
        first_birth_first_name=traits.first_birth_first_name,
        birth_date=traits.birth_date,
        sex=traits.sex,
        birth_place_code=traits.birth_place_code,
    )


async def _publish(
    session: AsyncSession,
    context: InsContext,
    row: IdentityRow,
    start: Identity | None,
    steps: list[Transitioned],
) -> None:
    final, last = steps[-1].identity, steps[-1].transition
    before = start.status if start else None
    publication = publication_for(
        before,
        start.attributes if start else frozenset(),
        final.status,
        final.attributes,
        ins_changed=start is not None and start.ins != final.ins,
    )
    key = context.patient_key(row.id, row.matricule)
    if publication is Publication.QUALIFIED:
        assert final.ins is not None
        qualified = IdentityQualified(
            identity_id=row.id,
            practice_id=row.practice_id,
            patient_key=key,
            ins=final.ins,
            traits=_ins_traits(final),
            collection_method=final.collection_method.value,
            qualified_at=last.at,
            qualified_by_rpps=last.by_rpps,
        )
        await publish(session, qualified, key=key, source=context.source)
        count_after_commit(session, _qualified, 1, {"method": final.collection_method.value})
    elif publication is Publication.STATUS_CHANGED:
        changed = IdentityStatusChanged(
            identity_id=row.id,
            practice_id=row.practice_id,
            patient_key=key,
            ins=final.shareable_ins,
            previous_status=before,
            new_status=final.status,
            attributes=sorted(attribute.value for attribute in final.attributes),
            reason=last.reason,
            changed_at=last.at,
            changed_by_rpps=last.by_rpps,
        )
        await publish(session, changed, key=key, source=context.source)
        if last.left_qualified:
            count_after_commit(session, _left_qualified)


async def record(
    session: AsyncSession,
    context: InsContext,
    row: IdentityRow,
    start: Identity | None,
    steps: list[Transitioned],
) -> Applied:
    """Store the steps' final state and every history entry, then publish the net change once."""
    entries: list[TransitionRow] = []
    for step in steps:
        store_identity(row, step.identity, step.transition)
        entry = transition_row(row, step.transition)
        entries.append(entry)
    session.add(row)
    try:
        await session.flush()
        session.add_all(entries)
        await session.flush()
    except IntegrityError as error:
        # Only the unique matricule means "someone else holds it"; any other violation is a bug.
        if "identities_practice_matricule_key" not in str(error.orig):
            raise
        raise matricule_taken() from error
    await _publish(session, context, row, start, steps)
    return Applied(row, entries)


def _domain(step: Callable[[], Transitioned]) -> Transitioned:
    try:
        return step()
    except DomainError as error:
        raise domain_problem(error) from error


def _insi_allowed(identity: Identity) -> None:
    """Checked before the call: DOUT/FICT, a refusal or an apCV identity forbid INSi (DOMAIN.md §2)."""
    try:
        check_insi_allowed(identity)
    except DomainError as error:
        raise domain_problem(error) from error


async def _reject_if_held_elsewhere(session: AsyncSession, row: IdentityRow, result: InsiResult) -> None:
    """INSi returned an INS another identity of the practice holds: surface it (DOMAIN.md §2)."""
    if result.identity is None:
        return
    matricules = [result.identity.ins.matricule, *(ins.matricule for ins in result.identity.previous)]
    others = await duplicate_candidates(session, row.practice_id, matricules=matricules, excluding=row.id)
    candidate = Fingerprint(matricules=frozenset(matricules), traits=frozenset())
    matches = find_duplicates(candidate, [(other.id, fingerprint_of(other)) for other in others])
    if matches:
        raise duplicate_problem(matches)


async def create_identity(
    session: AsyncSession,
    context: InsContext,
    *,
    practice_id: str,
    by_rpps: str,
    typed: TypedTraits,
    ins: Ins | None,
    acknowledged_homonyms: Sequence[uuid.UUID] = (),
) -> Applied:
    """Create an identity unless one of the practice matches its matricule or traits (DOMAIN.md §2).

    A traits-only match may be acknowledged as a different person: the new identity and the matching
    ones then carry HOMA. A matricule match can never be overridden.
    """
    await lock_practice(session, practice_id)
    candidates = await duplicate_candidates(
        session, practice_id, matricules=[ins.matricule] if ins else [], traits=[typed]
    )
    candidate = Fingerprint.of_candidate(typed, ins.matricule if ins else None)
    matches = find_duplicates(candidate, [(row.id, fingerprint_of(row)) for row in candidates])
    homonyms = all(
        match.reasons == {MatchReason.SAME_TRAITS} and match.identity_id in acknowledged_homonyms
        for match in matches
    )
    if matches and not homonyms:
        raise duplicate_problem(matches)
    now = context.now()
    attributes = frozenset({IdentityAttribute.HOMA}) if matches else frozenset()
    created = _domain(lambda: new_identity(typed, by_rpps=by_rpps, at=now, ins=ins, attributes=attributes))
    row = new_row(uuid.uuid4(), practice_id, by_rpps, now)
    applied = await record(session, context, row, None, [created])
    count_after_commit(session, _created)
    for match in matches:
        await _mark_homonym(session, context, practice_id, match.identity_id, by_rpps)
    return applied


async def _mark_homonym(
    session: AsyncSession, context: InsContext, practice_id: str, identity_id: uuid.UUID, by_rpps: str
) -> None:
    row, identity = await _locked(session, practice_id, identity_id)
    if identity.attributes & {IdentityAttribute.HOMA, IdentityAttribute.FICT}:
        return  # already marked, or fictitious (FICT+HOMA do not combine)
    homa = partial(set_attribute, attribute=IdentityAttribute.HOMA)
    await _transition(session, context, row, identity, homa, by_rpps=by_rpps, at=context.now())


class Change(Protocol):
    """A pure transition of domain/identity.py, made by a professional at an instant."""

    def __call__(self, identity: Identity, /, *, by_rpps: str, at: datetime) -> Transitioned: ...


async def _locked(
    session: AsyncSession, practice_id: str, identity_id: uuid.UUID
) -> tuple[IdentityRow, Identity]:
    """The identity's row under its row lock, and the aggregate it stores."""
    row = await get_identity(session, practice_id, identity_id, lock=True)
    return row, identity_of(row)


async def _transition(
    session: AsyncSession,
    context: InsContext,
    row: IdentityRow,
    before: Identity,
    change: Change,
    *,
    by_rpps: str,
    at: datetime,
) -> Applied:
    """Apply one pure transition to the locked identity, store and publish it."""
    step = _domain(lambda: change(before, by_rpps=by_rpps, at=at))
    return await record(session, context, row, before, [step])


async def apply(
    session: AsyncSession,
    context: InsContext,
    practice_id: str,
    identity_id: uuid.UUID,
    change: Change,
    *,
    by_rpps: str,
) -> Applied:
    """Lock the identity, apply one pure transition made by `by_rpps` now, store and publish it."""
    now = context.now()
    row, before = await _locked(session, practice_id, identity_id)
    return await _transition(session, context, row, before, change, by_rpps=by_rpps, at=now)


@dataclass(frozen=True)
class Lookup:
    """An INSi search applied to an identity: the change and every call made."""

    applied: Applied
    result: InsiResult
    attempts: list[TraitSearchAttempt]


async def insi_lookup(
    session: AsyncSession,
    context: InsContext,
    practice_id: str,
    identity_id: uuid.UUID,
    *,
    by_rpps: str,
    carte_vitale: CarteVitaleQuery | None = None,
) -> Lookup:
    """Search INSi by carte Vitale data, or by traits with the retry strategy (DOMAIN.md §3)."""
    row, before = await _locked(session, practice_id, identity_id)
    _insi_allowed(before)
    try:
        if carte_vitale is not None:
            result = await context.insi.search_by_carte_vitale(carte_vitale)
            attempts: list[TraitSearchAttempt] = []
        else:
            attempts = await search_by_traits_with_strategy(context.insi, before.typed_traits)
            result = attempts[-1].result
    except InsiFault as fault:
        raise insi_problem(fault) from fault
    await _reject_if_held_elsewhere(session, row, result)
    return await _record_insi(session, context, row, before, result, attempts, by_rpps=by_rpps)


async def insi_verification(
    session: AsyncSession, context: InsContext, practice_id: str, identity_id: uuid.UUID, *, by_rpps: str
) -> Lookup:
    """Verify the held INS against the traits held with it; a mismatch downgrades (DOMAIN.md §2-3)."""
    row, before = await _locked(session, practice_id, identity_id)
    _insi_allowed(before)
    if before.ins is None:
        raise domain_problem(
            DomainError(ErrorCode.NO_INS_TO_VERIFY, "only an identity holding an INS can be verified")
        )
    traits = before.insi_traits or before.typed_traits
    query = VerificationQuery(
        ins=before.ins,
        birth_name=traits.birth_name,
        first_names=traits.birth_first_names,
        sex=traits.sex,
        birth_date=traits.birth_date,
        birth_place_code=traits.birth_place_code,
    )
    try:
        result = await context.insi.verify(query)
    except InsiFault as fault:
        raise insi_problem(fault) from fault
    return await _record_insi(session, context, row, before, result, [], by_rpps=by_rpps)


async def _record_insi(
    session: AsyncSession,
    context: InsContext,
    row: IdentityRow,
    before: Identity,
    result: InsiResult,
    attempts: list[TraitSearchAttempt],
    *,
    by_rpps: str,
) -> Lookup:
    """Apply INSi's answer to the locked identity now, store and publish it (DOMAIN.md §2-3)."""
    change = partial(record_insi_result, result=result)
    applied = await _transition(session, context, row, before, change, by_rpps=by_rpps, at=context.now())
    return Lookup(applied, result, attempts)
