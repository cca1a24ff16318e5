"""OAuth2 scopes a vendor client may hold: one read/write pair per area of the API (RFC 6749 §3.3)."""

import re
from collections.abc import Iterable

SCOPES: dict[str, str] = {
    "identities:read": "Read patient identities (INS) and their history.",
    "identities:write": "Create identities, call INSi, record document checks and attributes.",
    "apcv:read": "Read e-carte Vitale (apCV) sessions.",
    "apcv:write": "Open and close e-carte Vitale (apCV) sessions.",
    "dmp:read": "Read the patient's shared record (DMP / Mon espace santé).",
    "dmp:write": "Deposit documents, update the medical profile, send messages, record refusals.",
    "telemed:read": "Read tele-expertises and their traces.",
    "telemed:write": "Request, accept, refuse, answer and cancel tele-expertises.",
    "billing:read": "Read invoices, care sheets and billing summaries.",
    "billing:write": "Create and sign electronic care sheets (FSE).",
    "audit:read": "Read the audit trail and patient access logs of a practice.",
    "practices:read": "Read a practice's roster and webhook endpoints.",
    "practices:write": "Manage a practice's roster and webhook endpoints (practice admins).",
    "sandbox": "Use the sandbox helpers (fictitious professionals and patients).",
}

# RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), space separated.
_SCOPE_TOKEN = re.compile(r"^[\x21\x23-\x5B\x5D-\x7E]+$")


class UnknownScopeError(ValueError):
    """A scope that is not one of SCOPES (RFC 6749 §5.2 `invalid_scope`)."""


def parse_scopes(value: str | Iterable[str]) -> frozenset[str]:
    """Scopes from a space (or comma) separated string; `*` means all of them (RFC 6749 §3.3)."""
    tokens = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    if "*" in tokens:
        return frozenset(SCOPES)
    unknown = [token for token in tokens if not _SCOPE_TOKEN.match(token) or token not in SCOPES]
    if unknown:
        raise UnknownScopeError(f"unknown scope(s): {', '.join(sorted(unknown))}")
    return frozenset(tokens)


def granted_scopes(requested: str | None, registered: frozenset[str]) -> frozenset[str]:
    """What a token carries: the registered scopes, or the requested subset of them (RFC 6749 §3.3)."""
    if requested is None or not requested.strip():
        return registered
    wanted = parse_scopes(requested)
    if not wanted <= registered:
        raise UnknownScopeError("a requested scope is not granted to this client")
    return wanted


def format_scopes(scopes: Iterable[str]) -> str:
    return " ".join(sorted(scopes))
