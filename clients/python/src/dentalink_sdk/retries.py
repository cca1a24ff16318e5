"""When to send a request again, and after how long.

The API answers 429 (rate limit) and 503 (a service restarting, the gateway saturated, PSC
unreachable) with `Retry-After`, and 409 `idempotency-key-in-flight` with `Retry-After` while a
first request with the same key is still running. A request is sent again only if that cannot do a
thing twice: a safe or idempotent method, or a creation that carries its `Idempotency-Key` (the same
key on every attempt, so the gateway answers the repeat with the first outcome).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRIED_STATUSES = frozenset({429, 503})
IDEMPOTENCY_KEY = "Idempotency-Key"


@dataclass(frozen=True)
class RetryPolicy:
    """At most `attempts` sends of one request, and never a wait that would end past `total_seconds`
    after the first send: then the last answer is returned as it is."""

    attempts: int = 4
    total_seconds: float = 60.0
    # When an answer has no usable Retry-After: first_delay, doubled each time, at most max_delay.
    first_delay: float = 0.5
    max_delay: float = 8.0

    def fallback_delay(self, attempt: int) -> float:
        return float(min(self.max_delay, self.first_delay * 2 ** (attempt - 1)))


NO_RETRIES = RetryPolicy(attempts=1)


def may_send_again(request: httpx.Request) -> bool:
    """True when a second send cannot repeat an effect."""
    return request.method in IDEMPOTENT_METHODS or IDEMPOTENCY_KEY in request.headers


def asks_for_retry(response: httpx.Response) -> bool:
    if response.status_code in RETRIED_STATUSES:
        return True
    # 409 idempotency-key-in-flight is the only conflict that comes with Retry-After.
    return response.status_code == 409 and "Retry-After" in response.headers


def retry_after(response: httpx.Response, *, now: datetime | None = None) -> float | None:
    """Seconds to wait per `Retry-After` (delay-seconds or an HTTP-date), None if absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
