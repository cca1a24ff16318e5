"""Events of ins-service.

Publishes, through the outbox and in the transaction of the change (see `identities.record`):
- `IdentityQualified` once per entry of an identity into QUAL;
- `IdentityStatusChanged` for every other change of status or attributes, creation (previous
  status null) and downgrades out of QUAL included. Its `ins` is set only while the identity is QUAL
  (DOMAIN.md §2: the matricule is shared only when qualified).
Both are keyed by the pseudonymous patient key: HMAC of the matricule, or of the identity id while
the identity has none (`InsContext.patient_key`).

Consumes `ApcvSessionOpened`: the identity read from the e-carte Vitale app counts as qualified
(DOMAIN.md §2; RNIV 1 v2.0 §4.3.4). The practice's identity holding that matricule (or, failing
that, the only one with the same traits) is qualified with method AV without calling INSi; when
none matches, the identity is created directly as QUAL (one IdentityQualified, no PROV event).
Skipped, with a counter and no change: a beneficiary without an INS on the app, several identities
matching the traits, or an identity whose state forbids it (DOUT/FICT, refusal, another INS).
Redelivery is harmless (inbox); a second session of the same patient records a history entry only.
"""

import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from dentalink_contracts.envelope import Envelope
from dentalink_contracts.events import ApcvSessionOpened, IdentityQualified, IdentityStatusChanged
from ins_service.context import InsContext
from ins_service.domain import (
    ApcvIdentity,
    DomainError,
    Fingerprint,
    InsiTraits,
    MatchReason,
    TraitsKey,
    Transitioned,
    TypedTraits,
    find_duplicates,
    new_identity,
    parse_matricule,
    qualify_from_apcv,
)
from ins_service.identities import record
from ins_service.store import (
    duplicate_candidates,
    fingerprint_of,
    get_identity,
    identity_of,
    lock_practice,
    new_row,
)
from servicekit import PermanentError, Subscription
from servicekit.consumer import Handler
from servicekit.telemetry import count_after_commit, meter

log = logging.getLogger("ins_service.events")

PRODUCES = [IdentityQualified.topic, IdentityStatusChanged.topic]
CONSUMER_GROUP = "ins-service"

_skipped = meter.create_counter(
    "dentalink_ins_apcv_sessions_skipped", description="apCV sessions that qualified nothing, by reason"
)


def _skip(session: AsyncSession, reason: str) -> None:
    count_after_commit(session, _skipped, 1, {"reason": reason})
    log.info("apcv session qualifies no identity", extra={"reason": reason})


def apcv_identity(event: ApcvSessionOpened) -> tuple[ApcvIdentity, TypedTraits] | None:
    """The INS and traits the app disclosed for the chosen beneficiary; None without an INS.

    Raises PermanentError when the app's data are not a valid INS: retrying cannot help.
    """
    beneficiary = event.beneficiary
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


async def qualify_from_session(session: AsyncSession, context: InsContext, event: ApcvSessionOpened) -> None:
    """Qualify (or create as QUAL) the practice's identity of the beneficiary, method AV."""
    disclosed = apcv_identity(event)
    if disclosed is None:
        _skip(session, "no-ins")
        return
    read, typed = disclosed
    practice = event.practice_id
    await lock_practice(session, practice)
    rows = await duplicate_candidates(
        session, practice, matricules=[read.ins.matricule], traits=[read.traits]
    )
    candidate = Fingerprint(
        matricules=frozenset({read.ins.matricule}), traits=frozenset({TraitsKey.of(read.traits)})
    )
    matches = find_duplicates(candidate, [(row.id, fingerprint_of(row)) for row in rows])
    same_ins = [match for match in matches if MatchReason.SAME_MATRICULE in match.reasons]
    chosen = same_ins or matches
    if len(chosen) > 1:
        _skip(session, "ambiguous-match")
        return
    reference = str(event.session_id)
    rpps, at = event.practitioner_rpps, event.opened_at
    if chosen:
        row = await get_identity(session, practice, chosen[0].identity_id, lock=True)
        before = identity_of(row)
        try:
            step = qualify_from_apcv(before, read, by_rpps=rpps, at=at, session_reference=reference)
        except DomainError as error:
            _skip(session, error.code.value)
            return
        await record(session, context, row, before, [step])
        return
    created: Transitioned = new_identity(typed, by_rpps=rpps, at=at)
    step = qualify_from_apcv(created.identity, read, by_rpps=rpps, at=at, session_reference=reference)
    row = new_row(uuid.uuid4(), practice, rpps, at)
    await record(session, context, row, None, [created, step])


def on_apcv_session_opened(context: InsContext) -> Handler:
    """Handler of ApcvSessionOpened bound to the process's context."""

    async def handle(session: AsyncSession, event: ApcvSessionOpened, _: Envelope) -> None:
        await qualify_from_session(session, context, event)

    return handle


def subscriptions(context: InsContext, group_suffix: str = "") -> dict[str, list[Subscription]]:
    """The consumer group of ins-service and what it reads."""
    return {CONSUMER_GROUP + group_suffix: [Subscription(ApcvSessionOpened, on_apcv_session_opened(context))]}
