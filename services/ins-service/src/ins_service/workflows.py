"""Identity workflows, one function per command, read and consumed event: open the unit of work (a
consumed event runs in the consumer's), load through the store, apply a domain transition, store it
with its history entry, publish what it means through the outbox.

Every transition of one identity runs under its row lock (`IdentityStore.get(..., lock=True)`), INSi
call included, so concurrent requests apply one after the other and each entry into QUAL publishes
exactly one IdentityQualified (DOMAIN.md §2). Every creation runs under its practice's lock
(`IdentityStore.lock_practice`), so two concurrent requests for one person see each other. A
technical INSi fault raises before anything is written, so the unit of work rolls back and the
identity is unchanged (DOMAIN.md §3).

Workflows raise domain errors (`DomainError`, `DuplicateIdentity`, `IdentityNotFound`,
`MatriculeTaken`) and INSi faults; `problems.py` turns them into problem answers.
"""

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Protocol

from dentalink_contracts import Ins
from dentalink_contracts.events import (
    ApcvSessionOpened,
    BirthTraits,
    IdentityQualified,
    IdentityStatusChanged,
)
from dentalink_contracts.sealing import FieldKeyRing, SealingError
from ins_service.adapters import (
    CarteVitaleQuery,
    TraitSearchAttempt,
    VerificationQuery,
    search_by_traits_with_strategy,
)
from ins_service.context import InsContext
from ins_service.domain import (
    ApcvIdentity,
    DomainError,
    DuplicateIdentity,
    ErrorCode,
    Fingerprint,
    Identity,
    IdentityAttribute,
    IdentityNotFound,
    InsiResult,
    InsiTraits,
    MatchReason,
    Publication,
    TraitsKey,
    Transitioned,
    TypedTraits,
    check_insi_allowed,
    find_duplicates,
    new_identity,
    parse_matricule,
    publication_for,
    qualify_from_apcv,
    record_insi_result,
    set_attribute,
)
from ins_service.models import IdentityRow, TransitionRow
from ins_service.store import IdentitySearch, IdentityStore, PageAfter, fingerprint_of, identity_of, new_row
from servicekit import PermanentError, UnitOfWork
from servicekit.pagination import page_of
from servicekit.telemetry import meter

log = logging.getLogger("ins_service.workflows")

IDENTITIES_QUALIFIED = meter.create_counter(
    "dentalink_ins_identities_qualified", description="Identities that reached QUAL, by collection method"
)
IDENTITIES_LEFT_QUALIFIED = meter.create_counter(
    "dentalink_ins_identities_left_qualified", description="Identities that left QUAL (downgrades)"
)
IDENTITIES_CREATED = meter.create_counter(
    "dentalink_ins_identities_created", description="Identities created"
)
IDENTITIES_ENTERED_STATUS = meter.create_counter(
    "dentalink_ins_identities_entered_status",
    description="Identities entering a status (PROV, RECUP, VALI, QUAL), by collection method",
)
APCV_SESSIONS_SKIPPED = meter.create_counter(
    "dentalink_ins_apcv_sessions_skipped", description="apCV sessions that qualified nothing, by reason"
)

Unit = UnitOfWork[IdentityStore]


@dataclass(frozen=True)
class Applied:
    """An identity after a change: its row and the history entries the change wrote."""

    row: IdentityRow
    entries: list[TransitionRow]

    @property
    def entry(self) -> TransitionRow:
        return self.entries[-1]


@dataclass(frozen=True)
class Lookup:
    """An INSi search applied to an identity: the change and every call made."""

    applied: Applied
    result: InsiResult
    attempts: list[TraitSearchAttempt]


@dataclass(frozen=True)
class CarteVitaleCard:
    """What the carte Vitale reader gave; the birth name and date default to the typed traits."""

    matricule: str
    birth_rank: int = 1
    birth_name: str | None = None
    birth_date: date | None = None


class Change(Protocol):
    """A pure transition of domain/identity.py, made by a professional at an instant."""

    def __call__(self, identity: Identity, /, *, by_rpps: str, at: datetime) -> Transitioned: ...


# --- Commands -------------------------------------------------------------------------------------


async def create_identity(
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
    async with context.units_of_work() as uow:
        await uow.store.lock_practice(practice_id)
        candidates = await uow.store.duplicate_candidates(
            practice_id, matricules=[ins.matricule] if ins else [], traits=[typed]
        )
        candidate = Fingerprint.of_candidate(typed, ins.matricule if ins else None)
        matches = find_duplicates(candidate, [(row.id, fingerprint_of(row)) for row in candidates])
        homonyms = all(
            match.reasons == {MatchReason.SAME_TRAITS} and match.identity_id in acknowledged_homonyms
            for match in matches
        )
        if matches and not homonyms:
            raise DuplicateIdentity(matches)
        now = context.now()
        attributes = frozenset({IdentityAttribute.HOMA}) if matches else frozenset()
        created = new_identity(typed, by_rpps=by_rpps, at=now, ins=ins, attributes=attributes)
        row = new_row(uuid.uuid4(), practice_id, by_rpps, now)
        applied = await _record(uow, context, row, None, [created])
        uow.outbox.count(IDENTITIES_CREATED)
        for match in matches:
            await _mark_homonym(uow, context, practice_id, match.identity_id, by_rpps)
    return applied


async def change_identity(
    context: InsContext, practice_id: str, identity_id: uuid.UUID, change: Change, *, by_rpps: str
) -> Applied:
    """Lock the identity, apply one pure transition made by `by_rpps` now, store and publish it."""
    async with context.units_of_work() as uow:
        now = context.now()
        row, before = await _locked(uow, practice_id, identity_id)
        applied = await _transition(uow, context, row, before, change, by_rpps=by_rpps, at=now)
    return applied


async def insi_lookup(
    context: InsContext,
    practice_id: str,
    identity_id: uuid.UUID,
    *,
    by_rpps: str,
    carte_vitale: CarteVitaleCard | None = None,
) -> Lookup:
    """Search INSi by carte Vitale data, or by traits with the retry strategy (DOMAIN.md §3)."""
    async with context.units_of_work() as uow:
        row, before = await _locked(uow, practice_id, identity_id)
        check_insi_allowed(before)  # DOUT/FICT, a refusal or an apCV identity forbid INSi (§2)
        if carte_vitale is not None:
            query = CarteVitaleQuery(
                matricule=carte_vitale.matricule,
                birth_name=carte_vitale.birth_name or row.typed_birth_name,
                birth_date=carte_vitale.birth_date or row.typed_birth_date,
                birth_rank=carte_vitale.birth_rank,
            )
            result = await context.insi.search_by_carte_vitale(query)
            attempts: list[TraitSearchAttempt] = []
        else:
            attempts = await search_by_traits_with_strategy(context.insi, before.typed_traits)
            result = attempts[-1].result
        await _reject_if_held_elsewhere(uow, row, result)
        lookup = await _record_insi(uow, context, row, before, result, attempts, by_rpps=by_rpps)
    return lookup


async def insi_verification(
    context: InsContext, practice_id: str, identity_id: uuid.UUID, *, by_rpps: str
) -> Lookup:
    """Verify the held INS against the traits held with it; a mismatch downgrades (DOMAIN.md §2-3)."""
    async with context.units_of_work() as uow:
        row, before = await _locked(uow, practice_id, identity_id)
        check_insi_allowed(before)
        if before.ins is None:
            raise DomainError(ErrorCode.NO_INS_TO_VERIFY, "only an identity holding an INS can be verified")
        traits = before.insi_traits or before.typed_traits
        query = VerificationQuery(
            ins=before.ins,
            birth_name=traits.birth_name,
            first_names=traits.birth_first_names,
            sex=traits.sex,
            birth_date=traits.birth_date,
            birth_place_code=traits.birth_place_code,
        )
        result = await context.insi.verify(query)
        lookup = await _record_insi(uow, context, row, before, result, [], by_rpps=by_rpps)
    return lookup


# --- Consumed events ------------------------------------------------------------------------------


async def qualify_from_session(uow: Unit, context: InsContext, event: ApcvSessionOpened) -> None:
    """ApcvSessionOpened: qualify (or create as QUAL) the practice's identity of the beneficiary,
    method AV, without INSi (DOMAIN.md §2; RNIV 1 v2.0 §4.3.4). Runs in the consumer's unit of work.

    The identity holding the app's matricule (or, failing that, the only one with the same traits)
    is qualified; when none matches, the identity is created directly as QUAL (one IdentityQualified,
    no PROV event). Skipped, counted and unchanged: no INS on the app, several identities matching
    the traits, or an identity whose state forbids it (DOUT/FICT, refusal, another INS).
    Raises PermanentError when the app's data are not a valid INS: retrying cannot help.
    """
    disclosed = apcv_identity(event, context.settings.field_key_ring())
    if disclosed is None:
        _skip(uow, "no-ins")
        return
    read, typed = disclosed
    practice = event.practice_id
    await uow.store.lock_practice(practice)
    rows = await uow.store.duplicate_candidates(
        practice, matricules=[read.ins.matricule], traits=[read.traits]
    )
    candidate = Fingerprint(
        matricules=frozenset({read.ins.matricule}), traits=frozenset({TraitsKey.of(read.traits)})
    )
    matches = find_duplicates(candidate, [(row.id, fingerprint_of(row)) for row in rows])
    same_ins = [match for match in matches if MatchReason.SAME_MATRICULE in match.reasons]
    chosen = same_ins or matches
    if len(chosen) > 1:
        _skip(uow, "ambiguous-match")
        return
    reference = str(event.session_id)
    rpps, at = event.practitioner_rpps, event.opened_at
    if chosen:
        row, before = await _locked(uow, practice, chosen[0].identity_id)
        try:
            step = qualify_from_apcv(before, read, by_rpps=rpps, at=at, session_reference=reference)
        except DomainError as error:
            _skip(uow, error.code.value)
            return
        await _record(uow, context, row, before, [step])
        return
    created = new_identity(typed, by_rpps=rpps, at=at)
    step = qualify_from_apcv(created.identity, read, by_rpps=rpps, at=at, session_reference=reference)
    row = new_row(uuid.uuid4(), practice, rpps, at)
    await _record(uow, context, row, None, [created, step])


def apcv_identity(event: ApcvSessionOpened, keys: FieldKeyRing) -> tuple[ApcvIdentity, TypedTraits] | None:
    """The INS and traits the app disclosed for the chosen beneficiary (sealed in the event); None
    without an INS.

    Raises PermanentError when the beneficiary does not open or the app's data are not a valid INS:
    retrying cannot help.
    """
    try:
        beneficiary = keys.open(event.beneficiary, event, "beneficiary")
    except SealingError as error:  # another key ring, or altered in transit: retrying cannot help
        raise PermanentError(str(error)) from error
    if beneficiary.ins is None:
        return None
    try:
        matricule = parse_matricule(beneficiary.ins.matricule)
        sex = beneficiary.sex or matricule.sex
        traits = InsiTraits.from_insi(
            birth_name=beneficiary.birth_name,
            birth_first_names=beneficiary.first_names,
            birth_date=beneficiary.birth_date,
            sex=sex,
            birth_place_code=beneficiary.birth_place_code,
        )
        read = TypedTraits(
            birth_name=beneficiary.birth_name,
            birth_first_names=beneficiary.first_names,
            birth_date=beneficiary.birth_date,
            sex=sex,
            birth_place_code=beneficiary.birth_place_code,
        )
    except DomainError as error:
        raise PermanentError(f"the app's beneficiary is not a valid INS identity ({error.code})") from error
    return ApcvIdentity(matricule=matricule, oid=beneficiary.ins.oid, traits=traits), read


def _skip(uow: Unit, reason: str) -> None:
    uow.outbox.count(APCV_SESSIONS_SKIPPED, 1, {"reason": reason})
    log.info("apcv session qualifies no identity", extra={"reason": reason})


# --- Reads ----------------------------------------------------------------------------------------
# Reads write nothing, and each statement sees committed rows: they need no transaction around them
# (`context.statements()`: a round trip per statement instead of BEGIN, statements, COMMIT).


async def read_identity(context: InsContext, practice_id: str, identity_id: uuid.UUID) -> IdentityRow:
    """The identity of the caller's practice (IdentityNotFound otherwise, never a 403)."""
    async with context.statements()() as uow:
        row = await uow.store.get(practice_id, identity_id)
    if row is None:
        raise IdentityNotFound()
    return row


async def find_identities(
    context: InsContext, practice_id: str, search: IdentitySearch, after: PageAfter | None, limit: int
) -> tuple[list[IdentityRow], str | None]:
    """One page of the practice's identities matching `search`, in creation order, and the next cursor."""
    async with context.statements()() as uow:
        rows = await uow.store.find(practice_id, search, after, limit)
    return page_of(rows, limit)


async def identity_history(
    context: InsContext, practice_id: str, identity_id: uuid.UUID, after: PageAfter | None, limit: int
) -> tuple[list[TransitionRow], str | None]:
    """One page of the identity's immutable history (who, when, how), and the next cursor. The history
    is append-only: read after the identity, it holds at least the entries that identity had."""
    async with context.statements()() as uow:
        if await uow.store.get(practice_id, identity_id) is None:
            raise IdentityNotFound()
        entries = await uow.store.history(identity_id, after, limit)
    return page_of(entries, limit)


# --- Steps shared by the workflows ----------------------------------------------------------------


async def _locked(uow: Unit, practice_id: str, identity_id: uuid.UUID) -> tuple[IdentityRow, Identity]:
    """The identity's row under its row lock, and the aggregate it stores."""
    row = await uow.store.get(practice_id, identity_id, lock=True)
    if row is None:
        raise IdentityNotFound()
    return row, identity_of(row)


async def _transition(
    uow: Unit,
    context: InsContext,
    row: IdentityRow,
    before: Identity,
    change: Change,
    *,
    by_rpps: str,
    at: datetime,
) -> Applied:
    """Apply one pure transition to the locked identity, store and publish it."""
    step = change(before, by_rpps=by_rpps, at=at)
    return await _record(uow, context, row, before, [step])


async def _record(
    uow: Unit, context: InsContext, row: IdentityRow, start: Identity | None, steps: list[Transitioned]
) -> Applied:
    """Store the steps' final state and every history entry, then publish the net change once."""
    entries = await uow.store.record(row, steps)
    await _publish(uow, context, row, start, steps)
    return Applied(row, entries)


async def _mark_homonym(
    uow: Unit, context: InsContext, practice_id: str, identity_id: uuid.UUID, by_rpps: str
) -> None:
    row, identity = await _locked(uow, practice_id, identity_id)
    if identity.attributes & {IdentityAttribute.HOMA, IdentityAttribute.FICT}:
        return  # already marked, or fictitious (FICT+HOMA do not combine)
    homa = partial(set_attribute, attribute=IdentityAttribute.HOMA)
    await _transition(uow, context, row, identity, homa, by_rpps=by_rpps, at=context.now())


async def _reject_if_held_elsewhere(uow: Unit, row: IdentityRow, result: InsiResult) -> None:
    """INSi returned an INS another identity of the practice holds: surface it (DOMAIN.md §2)."""
    if result.identity is None:
        return
    matricules = [result.identity.ins.matricule, *(ins.matricule for ins in result.identity.previous)]
    others = await uow.store.duplicate_candidates(row.practice_id, matricules=matricules, excluding=row.id)
    candidate = Fingerprint(matricules=frozenset(matricules), traits=frozenset())
    matches = find_duplicates(candidate, [(other.id, fingerprint_of(other)) for other in others])
    if matches:
        raise DuplicateIdentity(matches)


async def _record_insi(
    uow: Unit,
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
    applied = await _transition(uow, context, row, before, change, by_rpps=by_rpps, at=context.now())
    return Lookup(applied, result, attempts)


def _birth_traits(identity: Identity) -> BirthTraits:
    """Birth date and sex as INSi returned them (as typed if a verification returned no traits): what
    consumers of IdentityQualified need, sealed; names and birth place stay in ins-service."""
    traits = identity.insi_traits or identity.typed_traits
    return BirthTraits(birth_date=traits.birth_date, sex=traits.sex)


async def _publish(
    uow: Unit, context: InsContext, row: IdentityRow, start: Identity | None, steps: list[Transitioned]
) -> None:
    """IdentityQualified once per entry into QUAL; IdentityStatusChanged for every other change of
    status or attributes (creation and downgrades included), keyed by the pseudonymous patient key."""
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
    keys = context.settings.field_key_ring()
    if final.status != before:
        method = final.collection_method.value
        uow.outbox.count(IDENTITIES_ENTERED_STATUS, 1, {"status": final.status.value, "method": method})
    if publication is Publication.QUALIFIED:
        assert final.ins is not None
        qualified = IdentityQualified(
            identity_id=row.id,
            practice_id=row.practice_id,
            patient_key=key,
            ins=keys.seal(final.ins, IdentityQualified, "ins"),
            traits=keys.seal(_birth_traits(final), IdentityQualified, "traits"),
            qualified_at=last.at,
        )
        await uow.outbox.publish(qualified, key=key)
        uow.outbox.count(IDENTITIES_QUALIFIED, 1, {"method": final.collection_method.value})
    elif publication is Publication.STATUS_CHANGED:
        shareable = final.shareable_ins
        changed = IdentityStatusChanged(
            identity_id=row.id,
            practice_id=row.practice_id,
            patient_key=key,
            ins=keys.seal(shareable, IdentityStatusChanged, "ins") if shareable is not None else None,
            previous_status=before,
            new_status=final.status,
            changed_at=last.at,
        )
        await uow.outbox.publish(changed, key=key)
        if last.left_qualified:
            uow.outbox.count(IDENTITIES_LEFT_QUALIFIED)
