"""The workflows of vitale against the in-memory store and the recording outbox: what each one stores,
announces and counts, and that a refusal leaves everything as it was (DOMAIN.md §4)."""

import copy
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from dentalink_contracts.events import ApcvSessionClosed, ApcvSessionOpened, ReadingMode, SessionCloseReason
from dentalink_contracts.values import patient_key
from servicekit import CallerContext
from servicekit.fakes import InMemoryUnits
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import FrozenClock, caller
from vitale_service import workflows
from vitale_service.adapters.adri import AdriUnavailable, SandboxAdri
from vitale_service.adapters.issuer import SandboxApcvIssuer
from vitale_service.context import VitaleContext
from vitale_service.domain import (
    SANDBOX_ADRI_RIGHTS,
    ApcvSession,
    MalformedToken,
    MissingBeneficiary,
    OtherPractitioner,
    PayloadReplayed,
    RightsRefusal,
    RightsRefused,
    SandboxDisabled,
    SessionExpired,
    SessionNotFound,
    SessionRecord,
    SessionStatus,
    UnknownSandboxPatient,
    sandbox_patient,
    verify_apcv_token,
)
from vitale_service.settings import Settings
from vitale_service.testing import InMemoryVitaleStore, unit_context

NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
PRACTICE, RPPS = "cabinet-nantes-01", "10001234567"
LEA, MARTIN, LEROY = "212024410904579", "178044410901264", "172079913402105"
OPENED = "dentalink_vitale_sessions_opened"
CLOSED = "dentalink_vitale_sessions_closed"


@dataclass
class World:
    """One context over in-memory units, and the fakes behind it."""

    units: InMemoryUnits[InMemoryVitaleStore]
    clock: FrozenClock
    adri: SandboxAdri
    issuer: SandboxApcvIssuer
    context: VitaleContext

    @property
    def store(self) -> InMemoryVitaleStore:
        return self.units.store

    def mint(self, patient: str, lifetime_seconds: int | None = None) -> str:
        return workflows.mint_sandbox_payload(self.context, patient, lifetime_seconds).token

    async def open(
        self,
        patient: str = "martin-family",
        nir: str | None = LEA,
        *,
        token: str | None = None,
        who: CallerContext | None = None,
        mode: ReadingMode = ReadingMode.QR,
    ) -> SessionRecord:
        return await workflows.open_session(
            self.context,
            who or caller(practice_id=PRACTICE, rpps=RPPS),
            token=token or self.mint(patient),
            chosen_nir=nir,
            reading_mode=mode,
        )


def world(*, sandbox: bool = True, store: InMemoryVitaleStore | None = None) -> World:
    units = InMemoryUnits(store or InMemoryVitaleStore())
    clock, adri = FrozenClock(), SandboxAdri()
    clock.now = NOW
    issuer = SandboxApcvIssuer(issuer=Settings().apcv_issuer)
    context = unit_context(units.factory, clock=clock, adri=adri, issuer=issuer, sandbox=sandbox)
    return World(units=units, clock=clock, adri=adri, issuer=issuer, context=context)


def snapshot(store: InMemoryVitaleStore) -> InMemoryVitaleStore:
    return copy.deepcopy(store)


# --- open_session ---------------------------------------------------------------------------------


async def test_opening_stores_the_session_spends_the_nonce_and_announces_it() -> None:
    w = world()
    record = await w.open(nir=LEA, mode=ReadingMode.NFC)

    assert record.session.opened_at == NOW
    assert record.session.expires_at == NOW + timedelta(minutes=30)
    assert (record.session.practice_id, record.session.practitioner_rpps) == (PRACTICE, RPPS)
    assert record.session.beneficiary.nir == LEA
    assert record.state is SessionStatus.OPEN
    assert record.rights == SANDBOX_ADRI_RIGHTS[LEA]
    key = patient_key(LEA, DEV_PSEUDONYM_SECRET.encode())
    assert record.patient_key == key
    stored = w.store.sessions[record.id]
    assert (stored.session, stored.state, stored.reading_mode) == (
        record.session,
        SessionStatus.OPEN,
        ReadingMode.NFC,
    )
    [(issuer, _)] = w.store.nonces
    assert issuer == w.context.settings.apcv_issuer
    assert list(w.store.nonces.values()) == [NOW + timedelta(seconds=120 + 30)]  # exp + leeway

    [published] = w.units.outbox.published
    assert published.key == key
    event = published.event
    assert isinstance(event, ApcvSessionOpened)
    assert (event.session_id, event.practice_id, event.practitioner_rpps) == (record.id, PRACTICE, RPPS)
    assert event.patient_key == key
    # The beneficiary travels sealed: no NIR nor name in clear on the bus; billing and ins open it.
    payload = event.model_dump_json()
    assert LEA not in payload and MARTIN not in payload and "MARTIN" not in payload
    beneficiary = w.context.settings.field_key_ring().open(event.beneficiary, event, "beneficiary")
    assert beneficiary.nir == LEA and beneficiary.ouvrant_droit_nir == MARTIN
    assert (event.opened_at, event.expires_at) == (NOW, NOW + timedelta(minutes=30))
    assert w.units.outbox.counted == [(OPENED, 1, {"reading_mode": "nfc"})]


async def test_the_session_lasts_the_configured_minutes() -> None:
    w = world()
    context = unit_context(w.units.factory, clock=w.clock, adri=w.adri, issuer=w.issuer, session_minutes=10)
    record = await workflows.open_session(
        context,
        caller(practice_id=PRACTICE),
        token=w.mint("dartagnan-single"),
        chosen_nir=None,
        reading_mode=ReadingMode.QR,
    )
    assert record.session.expires_at - record.session.opened_at == timedelta(minutes=10)


async def test_a_replayed_payload_opens_nothing_more() -> None:
    w = world()
    token = w.mint("dartagnan-single")
    await w.open(nir=None, token=token)
    before, published = snapshot(w.store), list(w.units.outbox.published)

    with pytest.raises(PayloadReplayed):
        await w.open(nir=None, token=token)

    assert w.store == before
    assert w.units.outbox.published == published
    assert len(w.units.outbox.events(ApcvSessionOpened)) == 1


class RacingStore(InMemoryVitaleStore):
    """Another unit spends the nonce between the replay check and the spending."""

    async def nonce_spent(self, issuer: str, nonce: str) -> bool:
        return False


async def test_a_nonce_spent_concurrently_refuses_the_second_opening() -> None:
    w = world(store=RacingStore())
    token = w.mint("dartagnan-single")
    await w.open(nir=None, token=token)
    before = snapshot(w.store)

    with pytest.raises(PayloadReplayed):
        await w.open(nir=None, token=token)

    assert w.store == before
    assert len(w.units.outbox.events(ApcvSessionOpened)) == 1
    assert len(w.units.outbox.counted) == 1


async def test_closed_rights_open_no_session_and_spend_no_nonce() -> None:
    w = world()
    with pytest.raises(RightsRefused) as refused:
        await w.open("leroy-closed", LEROY)

    assert refused.value.refusal is RightsRefusal.RIGHTS_CLOSED
    assert w.store == InMemoryVitaleStore()
    assert w.units.outbox.published == [] and w.units.outbox.counted == []


async def test_a_beneficiary_unknown_to_adri_opens_no_session() -> None:
    w = world()
    with pytest.raises(RightsRefused) as refused:
        await w.open("petit-unknown", None)
    assert refused.value.refusal is RightsRefusal.BENEFICIARY_UNKNOWN
    assert w.store == InMemoryVitaleStore()


async def test_an_adri_failure_leaves_the_payload_unspent() -> None:
    w = world()
    token = w.mint("martin-family")
    w.adri.fault = "error"
    with pytest.raises(AdriUnavailable):
        await w.open(token=token)
    assert w.store == InMemoryVitaleStore()
    assert w.units.outbox.published == []

    w.adri.fault = "none"
    record = await w.open(token=token)
    assert list(w.store.sessions) == [record.id]


async def test_payload_and_beneficiary_refusals_are_domain_errors() -> None:
    w = world()
    with pytest.raises(MalformedToken):
        await w.open(token="not-a-jws")
    with pytest.raises(MissingBeneficiary):
        await w.open("bernard-twins", None)
    assert w.store == InMemoryVitaleStore()
    assert w.units.outbox.published == []


# --- find_session, list_sessions ----------------------------------------------------------------


async def test_a_session_is_found_in_its_practice_only() -> None:
    w = world()
    record = await w.open()
    found = await workflows.find_session(w.context, PRACTICE, record.id)
    assert (found.id, found.session) == (record.id, record.session)
    with pytest.raises(SessionNotFound):
        await workflows.find_session(w.context, "other-cab", record.id)
    with pytest.raises(SessionNotFound):
        await workflows.find_session(w.context, PRACTICE, uuid.uuid4())


async def test_sessions_are_listed_by_status_now_and_page_by_page() -> None:
    w = world()
    first, second, third = [await w.open(nir=nir) for nir in (MARTIN, LEA, "115114410903341")]
    await workflows.close_session(w.context, caller(practice_id=PRACTICE, rpps=RPPS), second.id)

    async def listed(
        status: SessionStatus | None, limit: int = 10, after: SessionRecord | None = None
    ) -> list[uuid.UUID]:
        position = None
        if after is not None:
            assert after.created_at is not None
            position = (after.created_at, after.id)
        records = await workflows.list_sessions(
            w.context, PRACTICE, status=status, now=w.clock(), limit=limit, after=position
        )
        return [record.id for record in records]

    assert await listed(None) == [first.id, second.id, third.id]
    assert await listed(SessionStatus.OPEN) == [first.id, third.id]
    assert await listed(SessionStatus.CLOSED) == [second.id]
    assert await listed(SessionStatus.EXPIRED) == []
    # Up to limit + 1, so the caller knows there is a next page; then after the last one shown.
    assert await listed(SessionStatus.OPEN, limit=1) == [first.id, third.id]
    stored_first = w.store.sessions[first.id]
    assert await listed(SessionStatus.OPEN, limit=1, after=stored_first) == [third.id]
    # Past the window, open sessions are listed as expired even before the sweep records it.
    w.clock.advance(minutes=30)
    assert await listed(SessionStatus.EXPIRED) == [first.id, third.id]
    assert await listed(SessionStatus.OPEN) == []
    assert (
        await workflows.list_sessions(
            w.context, "other-cab", status=None, now=w.clock(), limit=10, after=None
        )
        == []
    )


# --- close_session ------------------------------------------------------------------------------


async def test_closing_records_it_announces_it_once_and_closing_again_changes_nothing() -> None:
    w = world()
    record = await w.open()
    w.clock.advance(minutes=29, seconds=59)
    me = caller(practice_id=PRACTICE, rpps=RPPS)

    closed = await workflows.close_session(w.context, me, record.id)

    assert closed.state is SessionStatus.CLOSED
    assert closed.session.closed_at == w.clock()
    assert w.store.sessions[record.id].state is SessionStatus.CLOSED
    assert w.store.sessions[record.id].session.closed_at == w.clock()
    [event] = w.units.outbox.events(ApcvSessionClosed)
    assert (event.session_id, event.practice_id, event.patient_key) == (
        record.id,
        PRACTICE,
        record.patient_key,
    )
    assert (event.reason, event.closed_at) == (SessionCloseReason.CLOSED, w.clock())
    assert w.units.outbox.published[-1].key == record.patient_key
    assert w.units.outbox.counted[-1] == (CLOSED, 1, {"reason": "closed"})

    counted, before = len(w.units.outbox.counted), snapshot(w.store)
    again = await workflows.close_session(w.context, me, record.id)
    assert again.session == closed.session and again.state is SessionStatus.CLOSED
    assert w.store == before
    assert len(w.units.outbox.events(ApcvSessionClosed)) == 1
    assert len(w.units.outbox.counted) == counted


async def test_only_the_practitioner_who_opened_it_can_close_it() -> None:
    w = world()
    record = await w.open()
    before = snapshot(w.store)
    with pytest.raises(OtherPractitioner):
        await workflows.close_session(w.context, caller(practice_id=PRACTICE, rpps="10009999999"), record.id)
    with pytest.raises(SessionNotFound):
        await workflows.close_session(w.context, caller(practice_id="other-cab", rpps=RPPS), record.id)
    assert w.store == before
    assert w.units.outbox.events(ApcvSessionClosed) == []


async def test_an_expired_session_cannot_be_closed() -> None:
    w = world()
    record = await w.open()
    me = caller(practice_id=PRACTICE, rpps=RPPS)
    w.clock.advance(minutes=30)
    before = snapshot(w.store)
    with pytest.raises(SessionExpired):
        await workflows.close_session(w.context, me, record.id)  # past the window, not swept yet
    assert w.store == before
    await workflows.expire_due_sessions(w.context)
    with pytest.raises(SessionExpired):
        await workflows.close_session(w.context, me, record.id)  # recorded expired
    assert [e.reason for e in w.units.outbox.events(ApcvSessionClosed)] == [SessionCloseReason.EXPIRED]


# --- expire_due_sessions ------------------------------------------------------------------------


async def test_the_sweep_expires_due_sessions_once_and_leaves_the_others() -> None:
    w = world()
    early = await w.open(nir=MARTIN)
    w.clock.advance(minutes=10)
    late = await w.open(nir=LEA)
    closed = await w.open(nir="115114410903341")
    await workflows.close_session(w.context, caller(practice_id=PRACTICE, rpps=RPPS), closed.id)
    w.clock.advance(minutes=20)  # early's window is over, late's is not

    assert await workflows.expire_due_sessions(w.context) == 1

    assert w.store.sessions[early.id].state is SessionStatus.EXPIRED
    assert w.store.sessions[late.id].state is SessionStatus.OPEN
    assert w.store.sessions[closed.id].state is SessionStatus.CLOSED
    [event] = [e for e in w.units.outbox.events(ApcvSessionClosed) if e.reason is SessionCloseReason.EXPIRED]
    assert (event.session_id, event.closed_at, event.patient_key) == (
        early.id,
        early.session.expires_at,
        early.patient_key,
    )
    assert w.units.outbox.published[-1].key == early.patient_key
    assert w.units.outbox.counted[-1] == (CLOSED, 1, {"reason": "expired"})

    published, counted = len(w.units.outbox.published), len(w.units.outbox.counted)
    assert await workflows.expire_due_sessions(w.context) == 0
    assert (len(w.units.outbox.published), len(w.units.outbox.counted)) == (published, counted)


async def test_the_sweep_works_through_more_than_one_batch() -> None:
    w = world()
    beneficiary = sandbox_patient("martin-family").content.beneficiaries[0]
    for _ in range(workflows.EXPIRY_BATCH + 1):
        session = ApcvSession.open(
            id=uuid.uuid4(), practice_id=PRACTICE, practitioner_rpps=RPPS, beneficiary=beneficiary, now=NOW
        )
        record = SessionRecord(
            session=session,
            patient_key="pk_" + "0" * 32,
            reading_mode=ReadingMode.QR,
            rights=SANDBOX_ADRI_RIGHTS[MARTIN],
        )
        await w.store.add(record)
    w.clock.advance(minutes=30)

    assert await workflows.expire_due_sessions(w.context) == workflows.EXPIRY_BATCH + 1

    assert {r.state for r in w.store.sessions.values()} == {SessionStatus.EXPIRED}
    assert len(w.units.outbox.events(ApcvSessionClosed)) == workflows.EXPIRY_BATCH + 1
    assert w.units.commits == 2
    assert [amount for _, amount, _ in w.units.outbox.counted] == [workflows.EXPIRY_BATCH, 1]


# --- purge_spent_nonces -------------------------------------------------------------------------


async def test_spent_nonces_are_forgotten_once_their_payload_cannot_verify() -> None:
    w = world()
    token = w.mint("dartagnan-single")
    await w.open(nir=None, token=token)
    w.clock.advance(seconds=120 + 30 - 1)  # the payload could still verify (lifetime + leeway)
    assert await workflows.purge_spent_nonces(w.context) == 0
    assert len(w.store.nonces) == 1
    w.clock.advance(seconds=2)
    assert await workflows.purge_spent_nonces(w.context) == 1
    assert w.store.nonces == {}


# --- sandbox ------------------------------------------------------------------------------------


async def test_a_minted_payload_verifies_with_the_published_keys() -> None:
    w = world()
    minted = workflows.mint_sandbox_payload(w.context, "martin-family", 60)
    assert (minted.patient, minted.kid) == ("martin-family", w.issuer.current_kid)
    assert minted.expires_at == NOW + timedelta(seconds=60)
    settings = w.context.settings
    payload = verify_apcv_token(
        minted.token,
        w.issuer.public_keys(),
        issuer=settings.apcv_issuer,
        audience=settings.apcv_audience,
        now=NOW,
        max_lifetime=w.context.max_lifetime,
    )
    assert payload.expires_at == NOW + timedelta(seconds=60)
    default = workflows.mint_sandbox_payload(w.context, "martin-family", None)
    assert default.expires_at == NOW + timedelta(seconds=settings.sandbox_payload_lifetime_seconds)


def test_an_unknown_sandbox_patient_is_refused() -> None:
    with pytest.raises(UnknownSandboxPatient):
        workflows.mint_sandbox_payload(world().context, "nobody", None)


def test_the_sandbox_issuer_publishes_its_current_and_previous_keys() -> None:
    w = world()
    old_kid = w.issuer.current_kid
    new_kid = w.issuer.rotate()
    keys = workflows.sandbox_jwks(w.context)["keys"]
    assert [key["kid"] for key in keys] == [new_kid, old_kid]
    assert all("d" not in key for key in keys)


def test_the_sandbox_is_refused_when_it_is_off() -> None:
    context = world(sandbox=False).context
    with pytest.raises(SandboxDisabled):
        workflows.mint_sandbox_payload(context, "martin-family", None)
    with pytest.raises(SandboxDisabled):
        workflows.sandbox_jwks(context)
