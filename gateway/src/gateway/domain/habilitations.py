"""The habilitation matrix: for each public route, the upstream owning it, the roles allowed (least
privilege), the OAuth scope required and what the audit trail records (HAS telemedicine guide:
"access limited to what each role needs"; CSP R6316-3; DOMAIN.md §7).

A route not in this table is not exposed (404): a service's new route stays private until a rule
grants it. First matching rule wins, so specific templates come before general ones.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from dentalink_contracts.values import Role
from gateway.domain.path_index import PathIndex


class Upstream(StrEnum):
    """Who answers a route: one of the six services, or the gateway itself."""

    INS = "ins"
    VITALE = "vitale"
    DMP = "dmp"
    TELEMED = "telemed"
    BILLING = "billing"
    WEBHOOK = "webhook"
    GATEWAY = "gateway"


@dataclass(frozen=True)
class PatientRef:
    """Where the audit trail finds the patient a call touches (ARCHITECTURE.md: audit of every access)."""

    resource: str
    id_param: str | None = None
    ins_param: str | None = None
    ins_query: str | None = None
    id_query: str | None = None
    traits_query: frozenset[str] = frozenset()
    id_from_response: bool = False


@dataclass(frozen=True)
class Rule:
    """One line of the matrix."""

    methods: frozenset[str]
    template: str
    upstream: Upstream
    roles: frozenset[Role]
    scope: str
    reason: str
    audit: PatientRef | None = None
    sandbox: bool = False
    professional: bool = True
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", compile_template(self.template))

    def params(self, path: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(path)
        return None if found is None else {k: v for k, v in found.groupdict().items() if v is not None}


_PLACEHOLDER = re.compile(r"\{(\w+)(?::(path|subpath))?\}")


def compile_template(template: str) -> re.Pattern[str]:
    """`{name}` is one path segment; `{name:subpath}` is nothing or `/…`; `{name:path}` is anything."""
    parts: list[str] = []
    position = 0
    for placeholder in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : placeholder.start()]))
        name, kind = placeholder.group(1), placeholder.group(2)
        if kind == "path":
            parts.append(f"(?P<{name}>.*)")
        elif kind == "subpath":
            parts.append(f"(?P<{name}>/.*)?")
        else:
            parts.append(f"(?P<{name}>[^/]+)")
        position = placeholder.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts))


READ = frozenset({"GET", "HEAD"})
WRITE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
POST = frozenset({"POST"})
DELETE = frozenset({"DELETE"})
PUT = frozenset({"PUT"})

R = Role
CARE = frozenset({R.DENTIST, R.SPECIALIST})
CARE_TEAM = CARE | {R.DENTAL_ASSISTANT}
HEALTH_PROFESSIONALS = CARE | {R.EHPAD_PROFESSIONAL}
IDENTITY_STAFF = CARE_TEAM | {R.EHPAD_PROFESSIONAL}
OVERSIGHT = frozenset({R.PRACTICE_ADMIN, R.AUDITOR})
BILLING_READERS = CARE_TEAM | OVERSIGHT
ADMINS = frozenset({R.PRACTICE_ADMIN})

_IDENTITY = "Identity vigilance is done at reception and by the care team (RNIV; DOMAIN.md §2)."
_APCV = "The e-carte Vitale is read by the care team to open the billing session (DOMAIN.md §4)."
_DMP = "The shared record is for health professionals only, not for assistants (DOMAIN.md §5)."
_ACCESS_LOG = "Who accessed a record is for auditors and the practice admin (DOMAIN.md §5, §7)."
_REQUIS = "Only the requis (a dentist or a specialist) answers a tele-expertise (DOMAIN.md §6)."
_TELEMED = "Tele-expertise is between health professionals, EHPAD staff included (DOMAIN.md §6)."
_BILLING_READ = "Billing is read by the care team, the practice admin and auditors."
_SHEET_PREPARE = "The care team prepares care sheets inside the apCV session (DOMAIN.md §4)."
_SHEET_SIGN = "Only a practitioner signs or replaces a care sheet."
_CATALOGUE = "The act catalogue is reference data for the care team."
_ROSTER = "Only the practice admin manages who works in the practice and with which role."
_AUDIT = "The audit trail is read by the practice admin and auditors (DOMAIN.md §7)."
_WEBHOOKS = "Webhook endpoints receive the practice's events: set up by the practice admin, like the roster."
_SANDBOX = "Sandbox helpers for integrators, with fictitious data only."
_SANDBOX_RESET = "Only the practice admin deletes the practice's sandbox data."
_FHIR_METADATA = "The FHIR CapabilityStatement holds no patient data: open to those who read the record."

IDENTITY = PatientRef("identity", id_param="identity_id")
SESSION = PatientRef("apcv-session", id_param="session_id")
PATIENT = PatientRef("patient", ins_param="ins")
EXPERTISE = PatientRef("tele-expertise", id_param="expertise_id")
INVOICE = PatientRef("invoice", id_param="invoice_id")
SHEET = PatientRef("care-sheet", id_param="sheet_id")
# A search by traits names no INS: the trail records that one happened, never the traits themselves.
IDENTITY_TRAITS = frozenset({"birth_name", "birth_date", "first_name", "sex"})
TRAITS_SEARCH = "search:traits"
U = Upstream


def _rule(
    methods: frozenset[str],
    template: str,
    upstream: Upstream,
    roles: frozenset[Role],
    scope: str,
    reason: str,
    audit: PatientRef | None = None,
    **extra: bool,
) -> Rule:
    return Rule(methods, template, upstream, roles, scope, reason, audit, **extra)


RULES: tuple[Rule, ...] = (
    # ins-service: identities (INS).
    _rule(READ, "/v1/identities", U.INS, IDENTITY_STAFF, "identities:read", _IDENTITY,
          PatientRef("identity", ins_query="matricule", traits_query=IDENTITY_TRAITS)),
    _rule(POST, "/v1/identities", U.INS, IDENTITY_STAFF, "identities:write", _IDENTITY,
          PatientRef("identity", id_from_response=True)),
    _rule(READ, "/v1/identities/{identity_id}{rest:subpath}", U.INS, IDENTITY_STAFF, "identities:read",
          _IDENTITY, IDENTITY),
    _rule(WRITE, "/v1/identities/{identity_id}{rest:subpath}", U.INS, IDENTITY_STAFF, "identities:write",
          _IDENTITY, IDENTITY),
    # vitale-service: apCV sessions.
    _rule(READ, "/v1/apcv-sessions", U.VITALE, CARE_TEAM, "apcv:read", _APCV, PatientRef("apcv-session")),
    _rule(POST, "/v1/apcv-sessions", U.VITALE, CARE_TEAM, "apcv:write", _APCV,
          PatientRef("apcv-session", id_from_response=True)),
    _rule(READ, "/v1/apcv-sessions/{session_id}{rest:subpath}", U.VITALE, CARE_TEAM, "apcv:read", _APCV,
          SESSION),
    _rule(WRITE, "/v1/apcv-sessions/{session_id}{rest:subpath}", U.VITALE, CARE_TEAM, "apcv:write", _APCV,
          SESSION),
    # dmp-service: the patient's shared record, keyed by a qualified INS.
    _rule(READ, "/v1/fhir/metadata", U.DMP, HEALTH_PROFESSIONALS, "dmp:read", _FHIR_METADATA),
    _rule(READ, "/v1/patients/{ins}/access-log{rest:subpath}", U.DMP, OVERSIGHT, "audit:read", _ACCESS_LOG,
          PATIENT),
    _rule(READ, "/v1/patients/{ins}{rest:subpath}", U.DMP, HEALTH_PROFESSIONALS, "dmp:read", _DMP, PATIENT),
    _rule(WRITE, "/v1/patients/{ins}{rest:subpath}", U.DMP, HEALTH_PROFESSIONALS, "dmp:write", _DMP, PATIENT),
    # telemed-service: tele-expertises and the care relationships they rely on.
    _rule(READ, "/v1/tele-expertises", U.TELEMED, HEALTH_PROFESSIONALS, "telemed:read", _TELEMED,
          PatientRef("tele-expertise")),
    _rule(POST, "/v1/tele-expertises", U.TELEMED, HEALTH_PROFESSIONALS, "telemed:write", _TELEMED,
          PatientRef("tele-expertise", id_from_response=True)),
    _rule(READ, "/v1/tele-expertises/{expertise_id}{rest:subpath}", U.TELEMED, HEALTH_PROFESSIONALS,
          "telemed:read", _TELEMED, EXPERTISE),
    _rule(POST, "/v1/tele-expertises/{expertise_id}/acceptance", U.TELEMED, CARE, "telemed:write", _REQUIS,
          EXPERTISE),
    _rule(POST, "/v1/tele-expertises/{expertise_id}/refusal", U.TELEMED, CARE, "telemed:write", _REQUIS,
          EXPERTISE),
    _rule(POST, "/v1/tele-expertises/{expertise_id}/report", U.TELEMED, CARE, "telemed:write", _REQUIS,
          EXPERTISE),
    _rule(WRITE, "/v1/tele-expertises/{expertise_id}{rest:subpath}", U.TELEMED, HEALTH_PROFESSIONALS,
          "telemed:write", _TELEMED, EXPERTISE),
    _rule(READ, "/v1/care-relationships{rest:subpath}", U.TELEMED, HEALTH_PROFESSIONALS, "telemed:read",
          _TELEMED, PatientRef("care-relationship")),
    _rule(WRITE, "/v1/care-relationships{rest:subpath}", U.TELEMED, HEALTH_PROFESSIONALS, "telemed:write",
          _TELEMED, PatientRef("care-relationship", id_from_response=True)),
    # billing-service: invoices, care sheets, summaries, act catalogue.
    _rule(READ, "/v1/invoices", U.BILLING, BILLING_READERS, "billing:read", _BILLING_READ,
          PatientRef("invoice", id_query="patient")),
    _rule(READ, "/v1/invoices/export.csv", U.BILLING, BILLING_READERS, "billing:read", _BILLING_READ,
          PatientRef("invoice")),
    _rule(READ, "/v1/invoices/{invoice_id}{rest:subpath}", U.BILLING, BILLING_READERS, "billing:read",
          _BILLING_READ, INVOICE),
    _rule(READ, "/v1/billing-summaries{rest:subpath}", U.BILLING, BILLING_READERS, "billing:read",
          _BILLING_READ),
    _rule(READ, "/v1/care-acts{rest:subpath}", U.BILLING, CARE_TEAM, "billing:read", _CATALOGUE),
    _rule(READ, "/v1/care-sheet-sessions/{session_id}", U.BILLING, BILLING_READERS, "billing:read",
          "Whether a care sheet can still be made in an apCV session (billing's view of it).", SESSION),
    _rule(READ, "/v1/care-sheets", U.BILLING, BILLING_READERS, "billing:read", _BILLING_READ,
          PatientRef("care-sheet")),
    _rule(POST, "/v1/care-sheets", U.BILLING, CARE_TEAM, "billing:write", _SHEET_PREPARE,
          PatientRef("care-sheet", id_from_response=True)),
    _rule(READ, "/v1/care-sheets/{sheet_id}{rest:subpath}", U.BILLING, BILLING_READERS, "billing:read",
          _BILLING_READ, SHEET),
    _rule(POST, "/v1/care-sheets/{sheet_id}/sign", U.BILLING, CARE, "billing:write", _SHEET_SIGN, SHEET),
    _rule(POST, "/v1/care-sheets/{sheet_id}/replacement", U.BILLING, CARE, "billing:write", _SHEET_SIGN,
          SHEET),
    _rule(WRITE, "/v1/care-sheets/{sheet_id}{rest:subpath}", U.BILLING, CARE_TEAM, "billing:write",
          _SHEET_PREPARE, SHEET),
    # webhook-service: the practice's webhook endpoints (no patient data: ids and statuses only).
    _rule(READ, "/v1/webhook-endpoints{rest:subpath}", U.WEBHOOK, ADMINS, "practices:read", _WEBHOOKS),
    _rule(WRITE, "/v1/webhook-endpoints{rest:subpath}", U.WEBHOOK, ADMINS, "practices:write", _WEBHOOKS),
    # Sandboxes of the services (fictitious data; only when sandbox mode is on).
    _rule(READ | POST, "/v1/sandbox/apcv{rest:path}", U.VITALE, CARE_TEAM, "sandbox", _SANDBOX, sandbox=True),
    _rule(READ | POST, "/v1/sandbox/insi{rest:path}", U.INS, IDENTITY_STAFF, "sandbox", _SANDBOX,
          sandbox=True),
    _rule(READ | POST, "/v1/sandbox/dmp{rest:path}", U.DMP, HEALTH_PROFESSIONALS, "sandbox", _SANDBOX,
          sandbox=True),
    # The gateway's own routes.
    _rule(READ, "/v1/practices/{practice_id}/members{rest:subpath}", U.GATEWAY, ADMINS, "practices:read",
          _ROSTER),
    _rule(POST | PUT | DELETE, "/v1/practices/{practice_id}/members{rest:subpath}", U.GATEWAY, ADMINS,
          "practices:write", _ROSTER),
    _rule(READ, "/v1/audit-events", U.GATEWAY, OVERSIGHT, "audit:read", _AUDIT),
    _rule(POST, "/v1/sandbox/practices/{practice_id}/reset", U.GATEWAY, ADMINS, "sandbox", _SANDBOX_RESET,
          sandbox=True),
    _rule(READ | POST, "/v1/sandbox/psc{rest:path}", U.GATEWAY, frozenset(), "sandbox", _SANDBOX,
          sandbox=True, professional=False),
)  # fmt: skip


@dataclass(frozen=True)
class RouteMatch:
    rule: Rule
    params: dict[str, str]
    method: str

    @property
    def operation_path(self) -> str:
        """The rule's template with its trailing sub-path spelled out (`/v1/patients/{ins}/documents`):
        precise enough for the audit trail, with the named identifiers still as placeholders."""
        rest = self.params.get("rest", "")
        return _REST_PLACEHOLDER.sub(lambda _: rest, self.rule.template)


_REST_PLACEHOLDER = re.compile(r"\{rest:(?:sub)?path\}")


class RouteNotFound(Exception):
    """No rule matches the path: the route is not exposed."""


class MethodNotAllowed(Exception):
    """The path is exposed, but not for this method."""

    def __init__(self, allowed: Iterable[str]) -> None:
        super().__init__("method not allowed")
        self.allowed = sorted(set(allowed))


def unsafe_path(path: str) -> bool:
    """Dot segments and empty segments could be normalised downstream into another route: refused."""
    segments = path.split("/")[1:]
    return not path.startswith("/") or any(segment in ("", ".", "..") for segment in segments)


_RULES_BY_ROOT = PathIndex((rule.template, rule) for rule in RULES)


def resolve(method: str, path: str, rules: tuple[Rule, ...] | None = None) -> RouteMatch:
    """The rule of a call, or RouteNotFound / MethodNotAllowed (`rules`: RULES unless given)."""
    if unsafe_path(path):
        raise RouteNotFound(path)
    allowed: list[str] = []
    for rule in _RULES_BY_ROOT.candidates(path) if rules is None else rules:
        params = rule.params(path)
        if params is None:
            continue
        if method in rule.methods:
            return RouteMatch(rule, params, method)
        allowed.extend(rule.methods)
    if allowed:
        raise MethodNotAllowed(allowed)
    raise RouteNotFound(path)
