"""The bookkeeping of a forwarded call: its audit row and its Idempotency-Key
(decisions in gateway.domain.idempotency and gateway.domain.audit).

The audit row is written and the key claimed in one transaction, committed before the upstream is
called: no access happens without a trace, and a concurrent request with the same key sees it in
flight. Once the answer is known, the row gets its outcome (queued, written in batches:
gateway.audit_outcomes) and the key either keeps the answer (a
creation, 201, for `idempotency_ttl_hours`, 1 h by default) or is released, so nothing else a POST
answers (patient data) is kept.
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from gateway.context import GatewayContext
from gateway.domain.audit import AuditOutcome, AuditRecord, patient_reference
from gateway.domain.idempotency import (
    Claim,
    Decision,
    HeldKey,
    KeyRecord,
    KeyState,
    StoredAnswer,
    StoredKey,
    Unsettled,
    decide,
    storable,
)
from gateway.store import GatewayStore
from gateway.workflows.calls import Call

log = logging.getLogger("gateway.exchanges")


@dataclass(frozen=True)
class Answered:
    """How a call was answered: its HTTP status and the outcome the audit trail records."""

    status: int
    outcome: str


@dataclass(frozen=True)
class KeyedRequest:
    """A creating POST with an Idempotency-Key, and what makes two requests the same one."""

    key: str
    fingerprint: str


@dataclass(frozen=True)
class Begun:
    """The audit row written (None when the route is not audited) and the decision on the key
    (None without a key, or when the call is refused)."""

    audit_id: uuid.UUID | None
    claim: Claim | None


def _audit_record(
    call: Call, *, now: datetime, query: dict[str, str], refused: Answered | None
) -> AuditRecord:
    rule = call.match.rule
    assert rule.audit is not None and call.practice_id is not None and call.professional is not None
    resource_id, ins = patient_reference(rule.audit, call.match.params, query)
    return AuditRecord(
        id=uuid.uuid4(),
        created_at=now,
        completed_at=now if refused is not None else None,
        client_id=call.client.client_id,
        practice_id=call.practice_id,
        rpps=call.professional.rpps,
        profession=call.professional.profession.value,
        role=call.role.value if call.role else None,
        method=call.match.method,
        route=call.match.operation_path[:200],
        upstream=rule.upstream.value,
        resource=rule.audit.resource,
        resource_id=resource_id,
        patient_ins=ins,
        status=refused.status if refused else None,
        outcome=refused.outcome if refused else None,
        request_id=call.request_id[:128],
    )


async def claim_key(
    store: GatewayStore,
    *,
    client_id: str,
    request: KeyedRequest,
    now: datetime,
    lease: timedelta,
    ttl: timedelta,
    holder: str,
    unsettled: dict[tuple[str, str], Unsettled],
) -> Claim:
    """Take the key for this request, or say why not (replay, mismatch, in flight).

    A key in flight whose settlement this process could not store yet (a database blip after the
    upstream answered) is settled here first, in this transaction: the retry replays or proceeds
    instead of meeting 409 until the background settlement gets through."""
    wanted = StoredKey(request.fingerprint, KeyState.IN_FLIGHT, now + lease, now + ttl, holder)
    if await store.insert_key(KeyRecord(client_id, request.key, wanted), now):
        return Claim(Decision.PROCEED, locked_until=wanted.locked_until)
    existing = await store.locked_key(client_id, request.key)
    decision = decide(existing.stored, request.fingerprint, now)
    pending = unsettled.get((client_id, request.key))
    if decision is Decision.IN_FLIGHT and pending and pending.locked_until == existing.stored.locked_until:
        del unsettled[client_id, request.key]
        if pending.answer is not None and storable(pending.answer.status):
            await store.keep_answer(client_id, request.key, pending.locked_until, pending.answer)
            return Claim(Decision.REPLAY, pending.answer)
        decision = Decision.PROCEED
    if decision is Decision.PROCEED:
        await store.retake_key(client_id, request.key, wanted)
        return Claim(decision, locked_until=wanted.locked_until)
    if decision is Decision.REPLAY:
        assert existing.answer is not None
        return Claim(decision, existing.answer)
    if decision is Decision.IN_FLIGHT:
        return Claim(decision, locked_until=existing.stored.locked_until)
    return Claim(decision)


async def begin_exchange(
    context: GatewayContext,
    call: Call,
    *,
    query: dict[str, str],
    keyed: KeyedRequest | None,
    refused: Answered | None,
) -> Begun:
    """Trace the call (with its answer when it is `refused`) and claim its key, committed before
    anything is forwarded."""
    settings = context.settings
    audit_id: uuid.UUID | None = None
    taken: Claim | None = None
    claiming = call.refusal is None and keyed is not None
    if call.match.rule.audit is None and not claiming:
        return Begun(None, None)
    # The row alone is one statement, committed on its own (one round trip); with a key to claim,
    # both commit together.
    units = context.units_of_work if claiming else context.statements()
    async with units() as uow:
        if call.match.rule.audit is not None:
            record = _audit_record(call, now=context.clock(), query=query, refused=refused)
            await uow.store.add_audit_record(record)
            audit_id = record.id
        if claiming:
            assert keyed is not None and call.practice_id is not None and call.professional is not None
            taken = await claim_key(
                uow.store,
                client_id=call.client.client_id,
                request=keyed,
                now=context.clock(),
                lease=timedelta(seconds=settings.idempotency_lease_seconds),
                ttl=timedelta(hours=settings.idempotency_ttl_hours),
                holder=settings.worker_instance,
                unsettled=context.unsettled_keys,
            )
    return Begun(audit_id, taken)


def complete_audit(
    context: GatewayContext, audit_id: uuid.UUID, answered: Answered, *, resource_id: str | None = None
) -> None:
    """Queue the outcome for its row (written in a batch: gateway.audit_outcomes); the call itself
    is already traced."""
    context.audit_outcomes.add(
        AuditOutcome(audit_id, answered.status, answered.outcome, context.clock(), resource_id)
    )


async def finish_key(
    context: GatewayContext, *, client_id: str, held: HeldKey, answer: StoredAnswer | None
) -> None:
    """Keep a creation's answer for replays; release the key when there is nothing worth replaying
    (no whole answer, or not a creation)."""
    async with context.units_of_work() as uow:
        if answer is None or not storable(answer.status):
            await uow.store.release_key(client_id, held.key, held.locked_until)
            return
        await uow.store.keep_answer(client_id, held.key, held.locked_until, answer)


async def complete_exchange(
    context: GatewayContext,
    call: Call,
    answered: Answered,
    *,
    audit_id: uuid.UUID | None,
    key: HeldKey | None,
    headers: list[tuple[str, str]],
    body: bytes | None,
    resource_id: str | None = None,
) -> None:
    """Queue the audit row's outcome and settle the key in its own transaction: no failure reaches
    the caller (it is logged, and the key's settlement is retried)."""
    if audit_id is not None:
        complete_audit(context, audit_id, answered, resource_id=resource_id)
    if key is not None:
        answer = None if body is None else StoredAnswer(answered.status, headers, body)
        client_id = call.client.client_id
        try:
            await finish_key(context, client_id=client_id, held=key, answer=answer)
        except Exception as error:
            # The database blinked after the upstream answered: keep trying in the background, and
            # let a retry of the client settle it first (claim_key), so the retry replays or proceeds
            # instead of waiting out the lease.
            log.warning("idempotency record not stored yet", extra={"error_type": type(error).__name__})
            context.unsettled_keys[client_id, key.key] = Unsettled(key.locked_until, answer)
            settling = asyncio.create_task(_finish_key_later(context, client_id=client_id, held=key))
            _settling.add(settling)
            settling.add_done_callback(_settling.discard)


_settling: set[asyncio.Task[None]] = set()


async def _finish_key_later(context: GatewayContext, *, client_id: str, held: HeldKey) -> None:
    deadline = asyncio.get_running_loop().time() + context.settings.idempotency_lease_seconds
    delay, last = 0.25, "none"
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(delay)
        pending = context.unsettled_keys.get((client_id, held.key))
        if pending is None or pending.locked_until != held.locked_until:
            return  # a retry settled it (claim_key)
        try:
            await finish_key(context, client_id=client_id, held=held, answer=pending.answer)
        except Exception as error:
            delay = min(delay * 2, 2.0)
            last = type(error).__name__
            continue
        if context.unsettled_keys.get((client_id, held.key)) is pending:
            del context.unsettled_keys[client_id, held.key]
        return
    context.unsettled_keys.pop((client_id, held.key), None)
    log.error("idempotency record not stored", extra={"error_type": last})


async def release_keys_of_crashed_predecessor(context: GatewayContext) -> None:
    """At start-up: the keys still in flight under this process's name were held by the process that
    ran before it and died mid-call (a clean stop settles them). Its callers' retries may proceed
    now rather than meet `409 idempotency-key-in-flight` for the rest of the lease. Best effort: a
    database not answering yet leaves them to their lease."""
    try:
        async with context.units_of_work() as uow:
            released = await uow.store.release_keys_held_by(context.settings.worker_instance)
    except Exception as error:
        log.warning("in-flight keys not released at start-up", extra={"error_type": type(error).__name__})
        return
    if released:
        log.warning("released the in-flight keys of a crashed predecessor", extra={"count": released})


async def purge_expired_keys(context: GatewayContext) -> None:
    """Forget the keys (and stored answers) past their retention."""
    async with context.units_of_work() as uow:
        await uow.store.purge_keys(context.clock())
