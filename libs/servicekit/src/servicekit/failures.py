"""Which errors are the platform's (a database or broker away) rather than the request's or message's.

A consumer must never dead-letter a valid event because PostgreSQL was restarting, and an API must
answer such an outage 503 with Retry-After, not 500. asyncpg raises its connection and shutdown
errors (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection
errors, 53300 too many connections) either bare or wrapped by SQLAlchemy, so the whole cause chain
is examined.
"""

import asyncpg.exceptions as pg
import sqlalchemy.exc
from aiokafka.errors import KafkaError

_TRANSIENT: tuple[type[BaseException], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    sqlalchemy.exc.DisconnectionError,
    pg.PostgresConnectionError,
    pg.CannotConnectNowError,
    pg.CrashShutdownError,
    pg.AdminShutdownError,
    pg.TooManyConnectionsError,
    pg.InterfaceError,
    ConnectionError,
    OSError,
    TimeoutError,
    KafkaError,
)


def is_infrastructure_error(error: BaseException) -> bool:
    """True when `error`, or anything it wraps, says a dependency is unavailable for now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _TRANSIENT):
            return True
        if isinstance(current, sqlalchemy.exc.DBAPIError) and current.connection_invalidated:
            return True
        wrapped = getattr(current, "orig", None)
        if (
            isinstance(wrapped, BaseException)
            and id(wrapped) not in seen
            and is_infrastructure_error(wrapped)
        ):
            return True
        current = current.__cause__ or current.__context__
    return False
