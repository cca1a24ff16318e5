"""ADRI (Acquisition des DRoits Intégrée): the port that answers a beneficiary's AMO rights.

`ResilientAdri` wraps any implementation with a timeout per call and a bounded number of calls with
backoff; when they are exhausted it raises `AdriTimeout` (the API answers 504) or `AdriUnavailable`
(503). The sandbox answers from the documented dataset and can be told to time out or fail.
"""

import asyncio
import logging
from collections.abc import Mapping
from typing import Protocol

from servicekit.counters import starting_at_zero
from servicekit.telemetry import meter
from vitale_service.domain import SANDBOX_ADRI_RIGHTS, AdriResult, AdriRights, AmoBeneficiary

log = logging.getLogger("vitale_service.adri")
_calls = starting_at_zero(
    meter.create_counter(
        "dentalink_vitale_adri_calls", description="ADRi calls, by outcome (answered, timeout, unavailable)"
    ),
    {"outcome": "answered"},
    {"outcome": "timeout"},
    {"outcome": "unavailable"},
)


class AdriUnavailable(Exception):
    """ADRI failed to answer (error, refused connection): no rights are known."""


class AdriTimeout(AdriUnavailable):
    """ADRI did not answer in time."""


class AdriPort(Protocol):
    """Port: the rights ADRI reports for a beneficiary read from the app."""

    async def rights(self, beneficiary: AmoBeneficiary) -> AdriResult:
        """Rights of the beneficiary, or an AdriResult without rights when ADRI does not know them."""
        ...


class SandboxAdri:
    """Deterministic ADRI over SANDBOX_ADRI_RIGHTS; `fault` is none, timeout or error (configurable)."""

    def __init__(
        self,
        rights: Mapping[str, AdriRights] = SANDBOX_ADRI_RIGHTS,
        *,
        fault: str = "none",
        timeout_delay_seconds: float = 3600.0,
    ) -> None:
        self.table = rights
        self.fault = fault
        self.timeout_delay_seconds = timeout_delay_seconds
        self.calls = 0

    async def rights(self, beneficiary: AmoBeneficiary) -> AdriResult:
        self.calls += 1
        if self.fault == "timeout":
            await asyncio.sleep(self.timeout_delay_seconds)
        if self.fault == "error":
            raise AdriUnavailable("sandbox ADRI configured to fail")
        return AdriResult(self.table.get(beneficiary.nir))


class ResilientAdri:
    """An AdriPort with a per-call timeout and bounded retries with exponential backoff."""

    def __init__(
        self, inner: AdriPort, *, timeout_seconds: float, max_attempts: int, retry_base_seconds: float
    ) -> None:
        self.inner = inner
        self.timeout_seconds = timeout_seconds
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds

    async def rights(self, beneficiary: AmoBeneficiary) -> AdriResult:
        last: AdriUnavailable = AdriUnavailable("ADRI was not called")
        for attempt in range(1, self.max_attempts + 1):
            try:
                async with asyncio.timeout(self.timeout_seconds):
                    result = await self.inner.rights(beneficiary)
                    _calls.add(1, {"outcome": "answered"})
                    return result
            except TimeoutError:
                last = AdriTimeout("ADRI did not answer in time")
            except AdriUnavailable as error:
                last = error
            _calls.add(1, {"outcome": "timeout" if isinstance(last, AdriTimeout) else "unavailable"})
            log.warning("ADRI call failed", extra={"attempt": attempt, "error_type": type(last).__name__})
            if attempt < self.max_attempts:
                await asyncio.sleep(self.retry_base_seconds * 2 ** (attempt - 1))
        raise last
