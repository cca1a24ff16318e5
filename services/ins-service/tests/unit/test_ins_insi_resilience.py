"""The INSi adapter's deadline and bounded retries: a fault is never a business result (DOMAIN.md §3)."""

import asyncio
from datetime import date

import pytest

from dentalink_contracts import Sex
from ins_service.adapters import (
    CarteVitaleQuery,
    InsiTimeout,
    InsiUnavailable,
    ResilientInsi,
    SandboxInsi,
    VerificationQuery,
)
from ins_service.domain import InsiOperation, InsiResult, InsiResultCode, TraitSearchCriteria
from ins_service.settings import SandboxFault

CRITERIA = TraitSearchCriteria("Legrand", "Paul", Sex.MALE, date(1985, 3, 14))


class Scripted:
    """A port answering from a script: an exception to raise, or a delay before answering 01."""

    def __init__(self, *script: Exception | float) -> None:
        self.script = list(script)
        self.calls = 0

    async def _next(self, operation: InsiOperation) -> InsiResult:
        self.calls += 1
        step = self.script.pop(0) if self.script else 0.0
        if isinstance(step, Exception):
            raise step
        await asyncio.sleep(step)
        return InsiResult(operation, InsiResultCode.NOT_FOUND, f"call-{self.calls}")

    async def search_by_traits(self, criteria: TraitSearchCriteria) -> InsiResult:
        return await self._next(InsiOperation.SEARCH_BY_TRAITS)

    async def search_by_carte_vitale(self, query: CarteVitaleQuery) -> InsiResult:
        return await self._next(InsiOperation.SEARCH_BY_CARTE_VITALE)

    async def verify(self, query: VerificationQuery) -> InsiResult:
        return await self._next(InsiOperation.VERIFY)


def resilient(port: object, attempts: int = 3) -> ResilientInsi:
    return ResilientInsi(port, timeout_seconds=0.05, max_attempts=attempts, retry_base_seconds=0.0)  # type: ignore[arg-type]


async def test_a_fault_then_an_answer_returns_the_answer() -> None:
    port = Scripted(InsiUnavailable(), 1.0, 0.0)
    result = await resilient(port).search_by_traits(CRITERIA)
    assert (result.code, result.call_reference, port.calls) == (InsiResultCode.NOT_FOUND, "call-3", 3)


async def test_attempts_are_bounded_and_the_last_fault_is_raised() -> None:
    port = Scripted(InsiUnavailable(), InsiUnavailable(), 1.0, 0.0)
    with pytest.raises(InsiTimeout):
        await resilient(port).search_by_carte_vitale(
            CarteVitaleQuery("185037511312392", "LEGRAND", date(1985, 3, 14))
        )
    assert port.calls == 3


async def test_a_business_result_is_never_retried() -> None:
    port = Scripted()
    await resilient(port).search_by_traits(CRITERIA)
    assert port.calls == 1


async def test_a_hanging_sandbox_times_out_within_the_deadline() -> None:
    adapter = ResilientInsi(
        SandboxInsi(fault=SandboxFault.TIMEOUT), timeout_seconds=0.05, max_attempts=2, retry_base_seconds=0.0
    )
    with pytest.raises(InsiTimeout):
        await asyncio.wait_for(adapter.search_by_traits(CRITERIA), timeout=2)


def test_at_least_one_attempt() -> None:
    with pytest.raises(ValueError, match="at least one"):
        resilient(Scripted(), attempts=0)
