"""OAuth scopes."""

import pytest

from gateway.domain.habilitations import RULES
from gateway.domain.scopes import SCOPES, UnknownScopeError, format_scopes, granted_scopes, parse_scopes


def test_parsing() -> None:
    assert parse_scopes("dmp:read, identities:read") == {"dmp:read", "identities:read"}
    assert parse_scopes("*") == set(SCOPES)
    with pytest.raises(UnknownScopeError):
        parse_scopes("dmp:read root")


def test_granted_scopes_are_the_registered_ones_or_a_subset() -> None:
    registered = frozenset({"dmp:read", "identities:read"})
    assert granted_scopes(None, registered) == registered
    assert granted_scopes("  ", registered) == registered
    assert granted_scopes("dmp:read", registered) == {"dmp:read"}
    with pytest.raises(UnknownScopeError):
        granted_scopes("billing:read", registered)
    assert format_scopes(registered) == "dmp:read identities:read"


def test_every_rule_needs_a_known_scope() -> None:
    assert {rule.scope for rule in RULES} <= set(SCOPES)
