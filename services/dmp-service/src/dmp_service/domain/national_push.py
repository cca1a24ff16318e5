"""Pushing a document to the national DMP: status values and a bounded retry schedule (DOMAIN.md §5).

The national DMP is reached through a port; failures are retried with exponential backoff bounded
by `max_delay`, and the push is marked failed after `max_attempts` (ARCHITECTURE.md: bounded
retries). No jitter: the schedule is deterministic so that it is pure and testable.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from dmp_service.domain.errors import IllegalPushTransition
from dmp_service.domain.identifiers import require_aware


class PushStatus(StrEnum):
    """State of a document's copy in the national DMP."""

    QUEUED = "queued"
    PUSHED = "pushed"
    FAILED = "failed"


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff: `first_delay` × `factor`^(n−1) after the n-th failure, capped at `max_delay`."""

    first_delay: timedelta = timedelta(seconds=30)
    factor: int = 2
    max_delay: timedelta = timedelta(hours=1)
    max_attempts: int = 8

    def __post_init__(self) -> None:
        if self.first_delay <= timedelta(0) or self.max_delay < self.first_delay:
            raise ValueError("retry delays must be positive and max_delay >= first_delay")
        if self.factor < 1 or self.max_attempts < 1:
            raise ValueError("retry factor and max attempts must be at least 1")


DEFAULT_RETRY_POLICY = RetryPolicy()


def retry_delay(failed_attempts: int, policy: RetryPolicy = DEFAULT_RETRY_POLICY) -> timedelta | None:
    """Wait before the next attempt after `failed_attempts` failures, or None once attempts are used up."""
    if failed_attempts < 1:
        raise ValueError("a retry follows at least one failed attempt")
    if failed_attempts >= policy.max_attempts:
        return None
    # Stop multiplying once past the cap so huge attempt counts stay cheap.
    delay = policy.first_delay
    for _ in range(failed_attempts - 1):
        if delay >= policy.max_delay:
            break
        delay *= policy.factor
    return min(delay, policy.max_delay)


@dataclass(frozen=True)
class PushState:
    """Where the push of one document version stands: attempts made and when to try next."""

    status: PushStatus
    attempts: int = 0
    next_attempt_at: datetime | None = None
    pushed_at: datetime | None = None


def queue_push(at: datetime) -> PushState:
    """A new push, to be attempted from `at`."""
    return PushState(PushStatus.QUEUED, 0, require_aware(at, "queue time"))


def is_push_due(state: PushState, now: datetime) -> bool:
    """Whether a queued push should be attempted at `now`."""
    return (
        state.status is PushStatus.QUEUED
        and state.next_attempt_at is not None
        and state.next_attempt_at <= now
    )


def record_push_success(state: PushState, at: datetime) -> PushState:
    """The national DMP accepted the document."""
    if state.status is not PushStatus.QUEUED:
        raise IllegalPushTransition(f"cannot record a success on a {state.status.value} push")
    return PushState(PushStatus.PUSHED, state.attempts + 1, None, require_aware(at, "push time"))


def record_push_failure(
    state: PushState, at: datetime, policy: RetryPolicy = DEFAULT_RETRY_POLICY
) -> PushState:
    """A failed attempt: queued again after the backoff delay, or failed once attempts are used up."""
    if state.status is not PushStatus.QUEUED:
        raise IllegalPushTransition(f"cannot record a failure on a {state.status.value} push")
    attempts = state.attempts + 1
    delay = retry_delay(attempts, policy)
    if delay is None:
        return PushState(PushStatus.FAILED, attempts, None, None)
    return replace(state, attempts=attempts, next_attempt_at=require_aware(at, "failure time") + delay)


def requeue_failed(state: PushState, at: datetime) -> PushState:
    """An operator retries a push that had failed for good: attempts start again from zero."""
    if state.status is not PushStatus.FAILED:
        raise IllegalPushTransition(f"only a failed push can be requeued, not a {state.status.value} one")
    return queue_push(at)


def record_push_rejection(state: PushState, at: datetime) -> PushState:
    """The national DMP refused the document for good: failed at once, retrying cannot help."""
    if state.status is not PushStatus.QUEUED:
        raise IllegalPushTransition(f"cannot record a rejection on a {state.status.value} push")
    require_aware(at, "rejection time")
    return PushState(PushStatus.FAILED, state.attempts + 1, None, None)
