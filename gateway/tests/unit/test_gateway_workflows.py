"""The gateway's workflows against the in-memory store and units of work: no database, no network.

Each refused command is checked to leave the store as it found it (the unit of work rolled back)."""

import copy
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dentalink_contracts.values import Role
from gateway.adapters.psc import InvalidProfessionalToken
from gateway.adapters.psc_sandbox import SandboxProfessional, SandboxPscIssuer, sandbox_professional
from gateway.admin import PASSWORDS
from gateway.context import GatewayContext
from gateway.domain.audit import AuditQuery
from gateway.domain.calls import (
    ClientRateLimited,
    InactiveClient,
    InsufficientScope,
    MalformedPracticeId,
    MissingAccessToken,
    NotABearerToken,
    PracticeNotFound,
    PracticeRequired,
    Standing,
    UnknownActingRole,
)
from gateway.domain.habilitations import resolve
from gateway.domain.idempotency import (
    Decision,
    HeldKey,
    KeyRecord,
    KeyState,
    StoredAnswer,
    retry_after_seconds,
)
from gateway.domain.roster import LastPracticeAdmin, MemberExists, MemberNotFound
from gateway.domain.scopes import SCOPES, UnknownScopeError
from gateway.jobs import jobs
from gateway.settings import Settings
from gateway.standings import StandingCache
from gateway.store import RegisteredClient
from gateway.testing import KEYS, InMemoryGatewayStore, workflow_context
from gateway.workflows import audit, exchanges, roster, tokens
from gateway.workflows.calls import Call, Credentials, authorize
from gateway.workflows.exchanges import Answered, KeyedRequest
from servicekit.fakes import InMemoryUnits
from servicekit.testing import FrozenClock, eventually

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PRACTICE = "cab-1"
CLIENT = "vendor-1"
SECRET = "correct horse battery staple"
SECRET_HASH = PASSWORDS.hash(SECRET)  # once: Argon2 is slow on purpose
DENTIST = sandbox_professional("dentist")
ASSISTANT = sandbox_professional("dental-assistant")
AUDITOR = sandbox_professional("auditor")
SETTINGS = Settings(
    internal_token_private_key=KEYS.private.as_pem(private=True).decode(),
    token_failure_free_attempts=2,
    token_failure_backoff_seconds=10.0,
    token_failure_backoff_max_seconds=60.0,
    idempotency_ttl_hours=1.0,
    idempotency_lease_seconds=120.0,
)
ISSUER = SandboxPscIssuer(SETTINGS.psc_issuer, SETTINGS.psc_audience)


@dataclass
class World:
    store: InMemoryGatewayStore
    units: InMemoryUnits[InMemoryGatewayStore]
    context: GatewayContext
    clock: FrozenClock

    def snapshot(self) -> dict[str, object]:
        return copy.deepcopy(vars(self.store))

    def credentials(
        self,
        professional: SandboxProfessional | None = DENTIST,
        *,
        scopes: frozenset[str] = frozenset(SCOPES),
        practice: str | None = PRACTICE,
        role: str | None = None,
        client_id: str = CLIENT,
    ) -> Credentials:
        now = self.clock().timestamp()
        token = self.context.tokens.issue(client_id, scopes, now=now)
        return Credentials(
            authorization=f"Bearer {token}",
            professional_token=(
                ISSUER.mint(professional, client_id=client_id, lifetime=600, now=now)
                if professional
                else None
            ),
            practice=practice,
            acting_role=role,
            request_id="req-1",
        )

    async def call(self, method: str, path: str, professional: SandboxProfessional = DENTIST) -> Call:
        return await authorize(self.context, resolve(method, path), self.credentials(professional))


@pytest.fixture
async def world() -> World:
    store = InMemoryGatewayStore()
    client = RegisteredClient(CLIENT, SECRET_HASH, tuple(sorted(SCOPES)), disabled=False)
    store.register(client, PRACTICE)
    store.seat(PRACTICE, DENTIST.rpps, Role.DENTIST, Role.PRACTICE_ADMIN, at=NOW)
    store.seat(PRACTICE, ASSISTANT.rpps, Role.DENTAL_ASSISTANT, at=NOW + timedelta(seconds=1))
    store.seat(PRACTICE, AUDITOR.rpps, Role.AUDITOR, at=NOW + timedelta(seconds=2))
    units = InMemoryUnits(store)
    clock = FrozenClock()
    clock.now = NOW
    return World(store, units, workflow_context(units, settings=SETTINGS, clock=clock, issuer=ISSUER), clock)


# --- who is calling -----------------------------------------------------------------------------


async def test_a_registered_dentist_acts_with_the_least_privileged_role_the_route_allows(
    world: World,
) -> None:
    call = await world.call("GET", "/v1/identities/abc")
    assert (call.practice_id, call.role, call.refusal) == (PRACTICE, Role.DENTIST, None)
    forwarded = call.caller_context()
    assert (forwarded.client_id, forwarded.professional.rpps, forwarded.request_id) == (
        CLIENT,
        DENTIST.rpps,
        "req-1",
    )


async def test_the_acting_role_header_picks_among_the_roles_held(world: World) -> None:
    match = resolve("GET", "/v1/practices/cab-1/members")
    call = await authorize(world.context, match, world.credentials(role="practice_admin"))
    assert call.role is Role.PRACTICE_ADMIN


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"authorization": None}, MissingAccessToken),
        ({"authorization": "Basic dmVuZG9yOnNlY3JldA=="}, NotABearerToken),
        ({"practice": None}, PracticeRequired),
        ({"practice": "../cab-1"}, MalformedPracticeId),
        ({"acting_role": "surgeon"}, UnknownActingRole),
        ({"practice": "cab-elsewhere"}, PracticeNotFound),
        ({"professional_token": "not-a-jwt"}, InvalidProfessionalToken),
    ],
)
async def test_malformed_or_foreign_credentials_are_refused(
    world: World, change: dict[str, Any], refusal: type[Exception]
) -> None:
    credentials = replace(world.credentials(), **change)
    with pytest.raises(refusal):
        await authorize(world.context, resolve("GET", "/v1/identities/abc"), credentials)


async def test_a_token_without_the_route_scope_is_refused_before_anything_else(world: World) -> None:
    credentials = world.credentials(scopes=frozenset({"billing:read"}), practice=None)
    with pytest.raises(InsufficientScope) as refused:
        await authorize(world.context, resolve("GET", "/v1/identities/abc"), credentials)
    assert refused.value.scope == "identities:read"


async def test_a_disabled_client_is_no_longer_active(world: World) -> None:
    world.store.clients[CLIENT] = replace(world.store.clients[CLIENT], disabled=True)
    with pytest.raises(InactiveClient):
        await world.call("GET", "/v1/identities/abc")


async def test_a_member_whose_roles_do_not_allow_the_route_gets_the_call_with_its_refusal(
    world: World,
) -> None:
    call = await world.call("GET", "/v1/audit-events", ASSISTANT)
    assert call.refusal is not None and call.refusal.reason == "forbidden-role"
    assert call.role is None and call.professional is not None


async def test_a_professional_off_the_roster_is_not_a_member(world: World) -> None:
    call = await world.call("GET", "/v1/identities/abc", sandbox_professional("oral-surgeon"))
    assert call.refusal is not None and call.refusal.reason == "not-a-member"


async def test_a_call_with_a_bad_professional_token_still_counts_against_the_client_limit(
    world: World,
) -> None:
    world.store.rate_limits[CLIENT] = "1/minute"
    bad = replace(world.credentials(), professional_token="forged")
    with pytest.raises(InvalidProfessionalToken):
        await authorize(world.context, resolve("GET", "/v1/identities/abc"), bad)
    with pytest.raises(ClientRateLimited) as limited:
        await world.call("GET", "/v1/identities/abc")
    assert limited.value.limit == "1/minute" and limited.value.retry_after >= 1


async def test_a_professional_token_minted_for_another_client_is_refused(world: World) -> None:
    other = RegisteredClient("vendor-2", SECRET_HASH, tuple(sorted(SCOPES)), disabled=False)
    world.store.register(other, PRACTICE)
    stolen = world.credentials(client_id=CLIENT).professional_token
    call = replace(world.credentials(client_id=other.client_id), professional_token=stolen)
    with pytest.raises(InvalidProfessionalToken, match="not issued for this client"):
        await authorize(world.context, resolve("GET", "/v1/identities/abc"), call)
    own = await authorize(
        world.context, resolve("GET", "/v1/identities/abc"), world.credentials(client_id=other.client_id)
    )
    assert own.client.client_id == other.client_id and own.role is Role.DENTIST


# --- OAuth2 tokens ------------------------------------------------------------------------------


async def test_a_token_carries_the_requested_subset_of_the_client_scopes(world: World) -> None:
    issued = await tokens.issue_token(
        world.context, source="192.0.2.1", client_id=CLIENT, secret=SECRET, scope="identities:read"
    )
    verified = world.context.tokens.verify(issued.access_token, now=NOW.timestamp())
    assert verified.client_id == CLIENT and verified.scopes == frozenset({"identities:read"})
    assert issued.expires_in == SETTINGS.access_token_lifetime_seconds


async def login(world: World, source: str, secret: str = SECRET, client_id: str = CLIENT) -> str:
    """The outcome of one token request: `ok`, `refused` (401) or `wait N` (429 with Retry-After)."""
    try:
        await tokens.issue_token(world.context, source=source, client_id=client_id, secret=secret, scope=None)
    except tokens.ClientAuthenticationFailed:
        return "refused"
    except tokens.TooManyTokenRequests as error:
        return f"wait {error.retry_after}"
    return "ok"


async def test_wrong_secrets_are_refused_then_limited_for_the_sender_only(world: World) -> None:
    attacker = "198.51.100.7"
    assert [await login(world, attacker, "wrong") for _ in range(2)] == ["refused", "refused"]
    assert await login(world, attacker) == "wait 10"  # even the right secret waits: no oracle
    assert await login(world, "192.0.2.1") == "ok"  # the client itself, from elsewhere


async def test_failed_logins_back_off_exponentially_per_address_and_client(world: World) -> None:
    sender = "198.51.100.8"
    outcomes = []
    for _ in range(12):
        outcome = await login(world, sender, "wrong")
        outcomes.append(outcome)
        if outcome.startswith("wait"):  # the client obeys Retry-After
            world.clock.now += timedelta(seconds=int(outcome.split()[1]))
    # 2 free failures, then 10 s, 20 s, 40 s, capped at 60 s; waiting attempts are not counted.
    assert outcomes == [
        "refused", "refused", "wait 10",
        "refused", "wait 20",
        "refused", "wait 40",
        "refused", "wait 60",
        "refused", "wait 60",
        "refused",
    ]  # fmt: skip
    world.clock.now += timedelta(seconds=60)
    assert await login(world, sender) == "ok"  # the right secret after the wait: failures forgiven
    assert await login(world, sender, "wrong") == "refused"
    assert await login(world, sender, "wrong") == "refused"


async def test_one_vendors_wrong_secret_does_not_lock_out_the_others_behind_the_same_address(
    world: World,
) -> None:
    nat = "203.0.113.5"
    other = world.store.register(RegisteredClient("vendor-2", SECRET_HASH, ("identities:read",), False))
    assert [await login(world, nat, "wrong") for _ in range(3)] == ["refused", "refused", "wait 10"]
    assert await login(world, nat, client_id=other.client_id) == "ok"


async def test_a_flood_of_made_up_client_ids_blocks_newcomers_but_not_clients_working_from_there(
    world: World,
) -> None:
    world.context = replace(
        world.context, settings=SETTINGS.model_copy(update={"token_failure_address_limit": "6/minute"})
    )
    nat = "203.0.113.6"
    newcomer = world.store.register(RegisteredClient("vendor-3", SECRET_HASH, ("identities:read",), False))
    assert await login(world, nat) == "ok"  # CLIENT works from this address
    flood = [await login(world, nat, "x", client_id=f"made-up-{n}") for n in range(8)]
    assert flood[:6] == ["refused"] * 6 and all(o.startswith("wait") for o in flood[6:])
    assert await login(world, nat) == "ok"  # trusted at this address: the ceiling does not apply
    assert (await login(world, nat, client_id=newcomer.client_id)).startswith("wait")
    assert await login(world, "192.0.2.9", client_id=newcomer.client_id) == "ok"
    world.clock.now += timedelta(seconds=SETTINGS.token_trusted_seconds)
    assert (await login(world, nat)).startswith("wait")  # trust expires


async def test_a_disabled_client_or_an_unknown_scope_gets_no_token(world: World) -> None:
    with pytest.raises(UnknownScopeError):
        await tokens.issue_token(
            world.context, source="192.0.2.1", client_id=CLIENT, secret=SECRET, scope="root"
        )
    world.store.clients[CLIENT] = replace(world.store.clients[CLIENT], disabled=True)
    with pytest.raises(tokens.ClientAuthenticationFailed):
        await tokens.issue_token(
            world.context, source="192.0.2.1", client_id=CLIENT, secret=SECRET, scope=None
        )


# --- bookkeeping of forwarded calls -------------------------------------------------------------

CREATE = ("POST", "/v1/tele-expertises")


def held(begun: exchanges.Begun) -> HeldKey:
    """The key `key-1` as the request that claimed it holds it."""
    assert begun.claim is not None and begun.claim.locked_until is not None
    return HeldKey("key-1", begun.claim.locked_until)


def keyed(body: bytes = b'{"patient": 1}') -> KeyedRequest:
    return KeyedRequest("key-1", f"fingerprint-of-{body!r}")


async def test_an_audited_creation_is_traced_and_its_key_claimed_before_forwarding(world: World) -> None:
    call = await world.call(*CREATE)
    begun = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert begun.claim is not None and begun.claim.decision is Decision.PROCEED
    assert begun.audit_id is not None
    record = world.store.audit[begun.audit_id]
    assert (record.status, record.outcome, record.resource, record.route) == (
        None,
        None,
        "tele-expertise",
        "/v1/tele-expertises",
    )
    assert (record.rpps, record.role, record.created_at) == (DENTIST.rpps, "dentist", NOW)
    assert world.store.keys[CLIENT, "key-1"].stored.state is KeyState.IN_FLIGHT


async def test_a_refused_call_is_traced_with_its_answer_and_claims_no_key(world: World) -> None:
    call = await world.call("GET", "/v1/patients/253072A07300443/documents", AUDITOR)
    assert call.refusal is not None
    begun = await exchanges.begin_exchange(
        world.context, call, query={}, keyed=keyed(), refused=Answered(403, call.refusal.reason)
    )
    assert begun.claim is None and not world.store.keys
    assert begun.audit_id is not None
    record = world.store.audit[begun.audit_id]
    assert (record.status, record.outcome, record.completed_at) == (403, call.refusal.reason, NOW)
    assert record.patient_ins == "253072A07300443"


async def test_a_completed_creation_is_replayed_for_the_same_request_only(world: World) -> None:
    call = await world.call(*CREATE)
    begun = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    body = b'{"id": "te-42"}'
    await exchanges.complete_exchange(
        world.context,
        call,
        Answered(201, "success"),
        audit_id=begun.audit_id,
        key=held(begun),
        headers=[("content-type", "application/json")],
        body=body,
        resource_id="te-42",
    )
    assert begun.audit_id is not None
    assert world.store.audit[begun.audit_id].status is None  # queued, not written yet
    await world.context.audit_outcomes.flush()
    completed = world.store.audit[begun.audit_id]
    assert (completed.status, completed.outcome, completed.resource_id) == (201, "success", "te-42")
    again = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert again.claim is not None and again.claim.decision is Decision.REPLAY
    assert again.claim.answer is not None and again.claim.answer.body == body
    other = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(b"{}"), refused=None)
    assert other.claim is not None and other.claim.decision is Decision.MISMATCH


async def test_a_key_in_flight_is_refused_until_its_lease_runs_out(world: World) -> None:
    call = await world.call(*CREATE)
    await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    second = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert second.claim is not None and second.claim.decision is Decision.IN_FLIGHT
    world.clock.advance(seconds=121)
    taken_over = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert taken_over.claim is not None and taken_over.claim.decision is Decision.PROCEED
    assert world.store.keys[CLIENT, "key-1"].stored.locked_until == world.clock() + timedelta(seconds=120)


async def test_a_key_in_flight_says_when_its_lease_ends(world: World) -> None:
    call = await world.call(*CREATE)
    await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    world.clock.advance(seconds=30)
    second = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert second.claim is not None and second.claim.locked_until is not None
    assert retry_after_seconds(second.claim.locked_until, world.clock()) == 90


async def test_a_restarted_gateway_releases_only_the_keys_its_crashed_predecessor_held(world: World) -> None:
    call = await world.call(*CREATE)
    await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert world.store.keys[CLIENT, "key-1"].stored.holder == SETTINGS.instance
    other = replace(world.store.keys[CLIENT, "key-1"].stored, holder="another-gateway")
    world.store.keys[CLIENT, "key-2"] = KeyRecord(CLIENT, "key-2", other)
    done = replace(other, holder=SETTINGS.instance, state=KeyState.COMPLETED)
    world.store.keys[CLIENT, "key-3"] = KeyRecord(CLIENT, "key-3", done, StoredAnswer(201, [], b"{}"))

    await exchanges.release_keys_of_crashed_predecessor(world.context)

    assert set(world.store.keys) == {(CLIENT, "key-2"), (CLIENT, "key-3")}
    retried = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert retried.claim is not None and retried.claim.decision is Decision.PROCEED


@pytest.mark.parametrize(("status", "body"), [(200, b"{}"), (409, b"{}"), (201, None)])
async def test_anything_but_a_whole_creation_releases_the_key(
    world: World, status: int, body: bytes | None
) -> None:
    call = await world.call(*CREATE)
    begun = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    await exchanges.complete_exchange(
        world.context,
        call,
        Answered(status, "x"),
        audit_id=begun.audit_id,
        key=held(begun),
        headers=[],
        body=body,
    )
    assert (CLIENT, "key-1") not in world.store.keys


async def test_the_purge_job_forgets_expired_keys_only(world: World) -> None:
    call = await world.call(*CREATE)
    await exchanges.begin_exchange(
        world.context, call, query={}, keyed=KeyedRequest("old", "f"), refused=None
    )
    world.clock.advance(minutes=30)
    await exchanges.begin_exchange(
        world.context, call, query={}, keyed=KeyedRequest("new", "f"), refused=None
    )
    world.clock.advance(minutes=31)
    purge = next(job for job in jobs(SETTINGS) if job.name == "idempotency-purge")
    await purge.run(world.context)
    assert set(world.store.keys) == {(CLIENT, "new")}


# --- a practice's roster ------------------------------------------------------------------------


async def admin_call(world: World) -> Call:
    return await world.call("POST", f"/v1/practices/{PRACTICE}/members")


async def test_an_admin_adds_a_member_once(world: World) -> None:
    call = await admin_call(world)
    added = await roster.add_member(
        world.context, call, PRACTICE, "10000001098", [Role.DENTIST, Role.DENTIST]
    )
    assert added.roles == ("dentist",) and added.updated_by == DENTIST.rpps and added.created_at == NOW
    assert world.store.members_by_key[PRACTICE, "10000001098"] == added
    before = world.snapshot()
    with pytest.raises(MemberExists):
        await roster.add_member(world.context, call, PRACTICE, "10000001098", [Role.AUDITOR])
    assert world.snapshot() == before


async def test_the_last_admin_keeps_the_role_and_the_seat(world: World) -> None:
    call = await admin_call(world)
    before = world.snapshot()
    with pytest.raises(LastPracticeAdmin):
        await roster.set_roles(world.context, call, PRACTICE, DENTIST.rpps, [Role.DENTIST])
    with pytest.raises(LastPracticeAdmin):
        await roster.remove_member(world.context, call, PRACTICE, DENTIST.rpps)
    assert world.snapshot() == before


async def test_with_another_admin_an_admin_may_step_down(world: World) -> None:
    call = await admin_call(world)
    await roster.set_roles(world.context, call, PRACTICE, AUDITOR.rpps, [Role.AUDITOR, Role.PRACTICE_ADMIN])
    world.clock.advance(minutes=1)
    changed = await roster.set_roles(world.context, call, PRACTICE, DENTIST.rpps, [Role.DENTIST])
    assert changed.roles == ("dentist",) and changed.updated_at == NOW + timedelta(minutes=1)
    assert changed.created_at == NOW
    await roster.remove_member(world.context, call, PRACTICE, ASSISTANT.rpps)
    assert (PRACTICE, ASSISTANT.rpps) not in world.store.members_by_key


async def test_another_practice_or_an_unknown_member_is_not_found(world: World) -> None:
    call = await admin_call(world)
    with pytest.raises(PracticeNotFound):
        await roster.get_member(world.context, call, "cab-elsewhere", DENTIST.rpps)
    with pytest.raises(MemberNotFound):
        await roster.set_roles(world.context, call, PRACTICE, "19999999999", [Role.DENTIST])
    with pytest.raises(MemberNotFound):
        await roster.remove_member(world.context, call, PRACTICE, "19999999999")


async def test_the_roster_is_listed_oldest_first_a_page_at_a_time(world: World) -> None:
    call = await admin_call(world)
    first, cursor = await roster.list_members(world.context, call, PRACTICE, cursor=None, limit=2)
    assert [m.rpps for m in first] == [DENTIST.rpps, ASSISTANT.rpps] and cursor is not None
    rest, last = await roster.list_members(world.context, call, PRACTICE, cursor=cursor, limit=2)
    assert [m.rpps for m in rest] == [AUDITOR.rpps] and last is None


# --- reading the audit trail --------------------------------------------------------------------


async def test_the_trail_is_read_for_the_calling_practice_with_filters(world: World) -> None:
    dentist_call = await world.call("GET", "/v1/identities/id-1")
    for path in ("/v1/identities/id-1", "/v1/identities/id-2"):
        traced = await world.call("GET", path)
        await exchanges.begin_exchange(world.context, traced, query={}, keyed=None, refused=None)
        world.clock.advance(seconds=1)
    elsewhere = replace(dentist_call, practice_id="cab-2")
    await exchanges.begin_exchange(world.context, elsewhere, query={}, keyed=None, refused=None)
    reader = await world.call("GET", "/v1/audit-events", AUDITOR)
    everything, cursor = await audit.list_audit_records(
        world.context, reader, AuditQuery(), cursor=None, limit=1
    )
    assert [r.resource_id for r in everything] == ["id-1"] and cursor is not None
    following, _ = await audit.list_audit_records(
        world.context, reader, AuditQuery(), cursor=cursor, limit=10
    )
    assert [r.resource_id for r in following] == ["id-2"]
    one, _ = await audit.list_audit_records(
        world.context, reader, AuditQuery(resource_id="id-2", since=NOW), cursor=None, limit=10
    )
    assert [(r.resource_id, r.practice_id) for r in one] == [("id-2", PRACTICE)]


def blinking(world: World, method: str, times: int) -> list[Exception]:
    """Make the store's `method` fail `times` times, as a database restarting would."""
    real = getattr(world.store, method)
    failures: list[Exception] = [ConnectionRefusedError(111, "database restarting")] * times

    async def flaky(*args: Any) -> None:
        if failures:
            raise failures.pop()
        await real(*args)

    setattr(world.store, method, flaky)
    return failures


async def test_an_answer_the_database_could_not_keep_is_kept_once_it_is_back(world: World) -> None:
    """A database blip after the upstream answered: the key is settled in the background, so a
    retry after the outage replays instead of waiting out the 120 s lease."""
    call = await world.call(*CREATE)
    begun = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    failures = blinking(world, "keep_answer", 2)
    body = b'{"id": "te-43"}'
    await exchanges.complete_exchange(
        world.context, call, Answered(201, "success"), audit_id=None, key=held(begun), headers=[], body=body
    )
    assert world.store.keys[CLIENT, "key-1"].stored.state is KeyState.IN_FLIGHT

    def kept() -> None:
        assert world.store.keys[CLIENT, "key-1"].stored.state is KeyState.COMPLETED

    await eventually(kept, timeout=10)
    assert failures == [] and world.context.unsettled_keys == {}
    again = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert again.claim is not None and again.claim.decision is Decision.REPLAY
    assert again.claim.answer is not None and again.claim.answer.body == body


@pytest.mark.parametrize(
    ("method", "status", "body", "decision"),
    [("keep_answer", 201, b'{"id": "te-44"}', Decision.REPLAY), ("release_key", 503, None, Decision.PROCEED)],
)
async def test_a_retry_settles_what_the_database_could_not_take_before_the_background_does(
    world: World, method: str, status: int, body: bytes | None, decision: Decision
) -> None:
    call = await world.call(*CREATE)
    begun = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    blinking(world, method, 1)
    await exchanges.complete_exchange(
        world.context, call, Answered(status, "x"), audit_id=None, key=held(begun), headers=[], body=body
    )

    retry = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)

    assert retry.claim is not None and retry.claim.decision is decision, "no 409 in flight"
    assert world.context.unsettled_keys == {}
    if decision is Decision.REPLAY:
        assert retry.claim.answer is not None and retry.claim.answer.body == body


async def test_a_late_settlement_never_touches_the_claim_of_a_retry_that_took_the_key_over(
    world: World,
) -> None:
    call = await world.call(*CREATE)
    first = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    world.clock.advance(seconds=121)  # the first request's lease ran out: a retry takes the key over
    second = await exchanges.begin_exchange(world.context, call, query={}, keyed=keyed(), refused=None)
    assert second.claim is not None and second.claim.decision is Decision.PROCEED

    await exchanges.finish_key(world.context, client_id=CLIENT, held=held(first), answer=None)

    assert world.store.keys[CLIENT, "key-1"].stored.locked_until == held(second).locked_until


async def test_a_callers_standing_is_looked_up_once_and_forgotten_when_its_roster_changes(
    world: World,
) -> None:
    context = replace(world.context, standings=StandingCache(ttl=5))
    looked_up: list[tuple[str, str | None, str | None]] = []
    standing = world.store.standing

    async def counted(client_id: str, practice_id: str | None, rpps: str | None) -> Standing | None:
        if rpps == ASSISTANT.rpps:
            looked_up.append((client_id, practice_id, rpps))
        return await standing(client_id, practice_id, rpps)

    world.store.standing = counted  # type: ignore[method-assign]
    read = resolve("GET", "/v1/identities/abc")
    for _ in range(3):
        allowed = await authorize(context, read, world.credentials(ASSISTANT))
        assert allowed.refusal is None
    assert len(looked_up) == 1, "one database round trip for three calls"

    await roster.remove_member(context, await admin_call(world), PRACTICE, ASSISTANT.rpps)
    refused = await authorize(context, read, world.credentials(ASSISTANT))
    assert refused.refusal is not None, "off the roster at once in this process"
    assert len(looked_up) == 2

    world.clock.advance(seconds=6)
    for _ in range(2):
        await authorize(context, read, world.credentials(ASSISTANT))
    assert len(looked_up) == 3, "looked up again once the standing is older than its TTL"
