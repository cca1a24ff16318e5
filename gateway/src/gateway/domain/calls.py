"""What a call must present, and the refusals the gateway answers before anything is forwarded.

Order of the checks (gateway.workflows.calls.authorize) and the errors they raise: access token
(MissingAccessToken, InvalidAccessToken) → scope (InsufficientScope) → practice header
(PracticeRequired, MalformedPracticeId) → acting role header (UnknownActingRole) → client still
active (InactiveClient) → rate limit (ClientRateLimited, counting every call of the client) →
professional token → practice registered for the client (PracticeNotFound: another practice's
existence is not confirmed) → roster role (RoleRefused). gateway.problems turns each into its answer.
"""

import re
from dataclasses import dataclass

from dentalink_contracts.values import Role

PRACTICE_HEADER = "X-Practice-Id"
ACTING_ROLE_HEADER = "X-Acting-Role"
REQUEST_ID_HEADER = "X-Request-Id"
_BEARER = re.compile(r"^Bearer +([A-Za-z0-9._~+/-]+=*) *$", re.IGNORECASE)
_PRACTICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ROLE_VALUES = frozenset(role.value for role in Role)


class MissingAccessToken(Exception):
    """No `Authorization` header: the call is anonymous."""


class NotABearerToken(Exception):
    """An `Authorization` header that is not `Bearer <token>`."""


class InsufficientScope(Exception):
    def __init__(self, scope: str) -> None:
        super().__init__(f"scope {scope} required")
        self.scope = scope


class PracticeRequired(Exception):
    """The operation acts for a practice and the call names none."""


class MalformedPracticeId(Exception):
    """The practice header is not a practice id."""


class UnknownActingRole(Exception):
    """The acting role header names no known role."""


class InactiveClient(Exception):
    """The token's client is unknown or disabled."""


class ClientRateLimited(Exception):
    def __init__(self, limit: str, retry_after: int) -> None:
        super().__init__("rate limited")
        self.limit = limit
        self.retry_after = retry_after


class PracticeNotFound(Exception):
    """A practice the client is not registered for (or that another call's path names)."""


@dataclass(frozen=True)
class Standing:
    """What the database says about a client, a practice and a professional, in one query."""

    disabled: bool
    rate_limit: str | None
    practice_registered: bool
    roles: tuple[Role, ...]


def bearer_token(header: str | None) -> str:
    """The token of an `Authorization: Bearer` header (RFC 6750 §2.1)."""
    if header is None:
        raise MissingAccessToken()
    found = _BEARER.match(header)
    if found is None:
        raise NotABearerToken()
    return found.group(1)


def require_scope(scopes: frozenset[str], scope: str) -> None:
    if scope not in scopes:
        raise InsufficientScope(scope)


def practice_of(value: str | None) -> str:
    if value is None:
        raise PracticeRequired()
    if not _PRACTICE_ID.match(value):
        raise MalformedPracticeId()
    return value


def requested_role_of(value: str | None) -> Role | None:
    if value is None:
        return None
    try:
        return Role(value)
    except ValueError:
        raise UnknownActingRole() from None


def known_roles(values: list[str] | None) -> tuple[Role, ...]:
    """The roster roles this gateway knows among stored values (an unknown one grants nothing)."""
    return tuple(Role(role) for role in (values or []) if role in _ROLE_VALUES)
