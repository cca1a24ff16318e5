"""The outcomes of traced calls, written in batches.

The audit guarantee is that no call reaches patient data without its row: that row is written and
committed before the call is forwarded (gateway.workflows.exchanges). Its outcome (status, answer
kind, created resource) is known only once the answer has left, and writing it row by row was a
second database round trip per call. Outcomes are queued here and written together, one statement
per batch, within `linger_seconds` of the first one queued (or sooner when `max_batch` are waiting).

A batch the database refuses (it is restarting) is kept and retried with back-off; past
`max_pending` queued outcomes the oldest are given up, counted and logged, and their rows keep a
null outcome, the same as a call cut short by a crash. Readers of the trail flush first
(`flush`), so an auditor sees every call this process completed; at shutdown whatever is queued is
written before the database closes.
"""

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator

from gateway.domain.audit import AuditOutcome
from gateway.store import GatewayStore
from servicekit import UnitOfWorkFactory
from servicekit.counters import starting_at_zero
from servicekit.telemetry import meter

log = logging.getLogger("gateway.audit")
outcomes_given_up = starting_at_zero(
    meter.create_counter(
        "dentalink_gateway_audit_completion_failures",
        description="Audit rows whose outcome could not be written (given up after retries)",
    )
)
LINGER_SECONDS = 0.02
MAX_BATCH = 500
MAX_PENDING = 50_000
RETRY_SECONDS = (0.25, 0.5, 1.0, 2.0)


class AuditOutcomes:
    def __init__(
        self,
        units: UnitOfWorkFactory[GatewayStore],
        *,
        linger_seconds: float = LINGER_SECONDS,
        max_batch: int = MAX_BATCH,
        max_pending: int = MAX_PENDING,
    ) -> None:
        self.units = units
        self.linger_seconds = linger_seconds
        self.max_batch = max_batch
        self.max_pending = max_pending
        self._pending: deque[AuditOutcome] = deque()
        self._queued = asyncio.Event()
        self._writing = asyncio.Lock()

    def add(self, outcome: AuditOutcome) -> None:
        """Queue an outcome; never waits, never fails the call it describes."""
        self._pending.append(outcome)
        overflow = len(self._pending) - self.max_pending
        if overflow > 0:
            for _ in range(overflow):
                self._pending.popleft()
            outcomes_given_up.add(overflow)
            log.error("audit outcomes given up: too many waiting", extra={"count": overflow})
        self._queued.set()

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def flush(self) -> None:
        """Write every outcome queued so far (raises what the database raised; they stay queued)."""
        async with self._writing:
            while self._pending:
                batch = [self._pending[i] for i in range(min(self.max_batch, len(self._pending)))]
                async with self.units() as uow:
                    await uow.store.complete_audit_records(batch)
                for _ in batch:
                    self._pending.popleft()

    async def _write_continuously(self) -> None:
        failures = 0
        while True:
            await self._queued.wait()
            self._queued.clear()
            await asyncio.sleep(self.linger_seconds)  # let the calls of the same moment join in
            try:
                await self.flush()
                failures = 0
            except Exception as error:
                delay = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                failures += 1
                log.warning(
                    "audit outcomes not written yet",
                    extra={"error_type": type(error).__name__, "pending": len(self._pending)},
                )
                await asyncio.sleep(delay)
                self._queued.set()

    @contextlib.asynccontextmanager
    async def writing(self, *, final_flush_seconds: float = 5.0) -> AsyncIterator["AuditOutcomes"]:
        """Write in the background while the block runs; what is left is written at the end."""
        writer = asyncio.create_task(self._write_continuously(), name="audit-outcomes")
        try:
            yield self
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            try:
                await asyncio.wait_for(self.flush(), timeout=final_flush_seconds)
            except Exception as error:
                outcomes_given_up.add(len(self._pending))
                log.error(
                    "audit outcomes lost at shutdown",
                    extra={"error_type": type(error).__name__, "count": len(self._pending)},
                )
