"""A database restarting is the platform's failure, never the message's: classification by cause chain."""

import asyncpg.exceptions as pg
import pytest
import sqlalchemy.exc

from servicekit.failures import is_infrastructure_error

RESTARTING = [
    pg.CannotConnectNowError("the database system is starting up"),
    pg.CrashShutdownError("terminating connection because of crash of another server process"),
    pg.AdminShutdownError("terminating connection due to administrator command"),
    pg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
    pg.TooManyConnectionsError("sorry, too many clients already"),
    pg.InterfaceError("connection is closed"),
    ConnectionRefusedError(111, "Connection refused"),
]


def wrapped_as_sqlalchemy_does(error: BaseException) -> BaseException:
    """SQLAlchemy's asyncpg dialect: an adapted DBAPI error caused by the asyncpg one, inside DBAPIError."""

    class AdaptedError(Exception):
        pass

    adapted = AdaptedError(str(error))
    adapted.__cause__ = error
    return sqlalchemy.exc.DBAPIError("INSERT …", {}, adapted)


@pytest.mark.parametrize("error", RESTARTING, ids=lambda e: type(e).__name__)
def test_connection_and_shutdown_errors_are_transient_bare_or_wrapped(error):
    assert is_infrastructure_error(error)
    assert is_infrastructure_error(wrapped_as_sqlalchemy_does(error))
    outer = RuntimeError("handler step failed")
    outer.__cause__ = error
    assert is_infrastructure_error(outer)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad payload"),
        pg.UniqueViolationError("duplicate key"),
        pg.CharacterNotInRepertoireError("invalid byte sequence"),
        sqlalchemy.exc.IntegrityError("INSERT …", {}, Exception("duplicate")),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_of_the_message_itself_are_not_transient(error):
    assert not is_infrastructure_error(error)
    assert not is_infrastructure_error(wrapped_as_sqlalchemy_does(error))


def test_an_invalidated_connection_is_transient_whatever_its_text():
    assert is_infrastructure_error(
        sqlalchemy.exc.DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True)
    )
