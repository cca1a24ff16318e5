"""The audit trail: every call touching patient data (who, practice, patient, operation, outcome,
time), written before the upstream is called and completed with the outcome (DOMAIN.md §5, §7; HAS
telemedicine guide: traceability).

Patient references are kept here (and, for the idempotency retention only, in stored creation
answers): never in logs, spans or metrics.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from dentalink_contracts.nir import compact_nir
from gateway.domain.habilitations import TRAITS_SEARCH, PatientRef

_MAX_REF = 100


@dataclass(frozen=True)
class AuditRecord:
    """One traced call. `status` is None while the call runs."""

    id: uuid.UUID
    created_at: datetime
    completed_at: datetime | None
    client_id: str
    practice_id: str
    rpps: str
    profession: str
    role: str | None
    method: str
    route: str
    upstream: str
    resource: str
    resource_id: str | None
    patient_ins: str | None
    status: int | None
    outcome: str | None
    request_id: str


@dataclass(frozen=True)
class AuditOutcome:
    """How a traced call ended, for its row: written once, `resource_id` only where none is yet."""

    record_id: uuid.UUID
    status: int
    outcome: str
    completed_at: datetime
    resource_id: str | None = None


@dataclass(frozen=True)
class AuditQuery:
    """Filters of a practice's trail; they combine with AND, None means any."""

    patient_ins: str | None = None
    resource: str | None = None
    resource_id: str | None = None
    rpps: str | None = None
    client_id: str | None = None
    outcome: str | None = None
    status: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    def matches(self, record: AuditRecord) -> bool:
        """The same selection as the SQL store's query, on one record."""
        equal = {
            "patient_ins": self.patient_ins,
            "resource": self.resource,
            "resource_id": self.resource_id,
            "rpps": self.rpps,
            "client_id": self.client_id,
            "outcome": self.outcome,
            "status": self.status,
        }
        if any(value is not None and getattr(record, name) != value for name, value in equal.items()):
            return False
        if self.since is not None and record.created_at < self.since:
            return False
        return self.until is None or record.created_at < self.until


def bounded(value: str | None, size: int) -> str | None:
    return None if value is None else value[:size]


def patient_reference(
    ref: PatientRef, params: dict[str, str], query: dict[str, str]
) -> tuple[str | None, str | None]:
    """(resource id, patient INS) a call names in its path or query; a search by traits is recorded
    as such (TRAITS_SEARCH), its traits never copied into the trail."""
    resource_id = params.get(ref.id_param) if ref.id_param else None
    if resource_id is None and ref.id_query:
        resource_id = query.get(ref.id_query)
    ins = params.get(ref.ins_param) if ref.ins_param else None
    if ins is None and ref.ins_query:
        ins = query.get(ref.ins_query)
    if resource_id is None and ins is None and any(name in query for name in ref.traits_query):
        resource_id = TRAITS_SEARCH
    # Typed with spaces or compact, one patient is one INS in the trail (the services compact it too).
    return bounded(resource_id, _MAX_REF), bounded(None if ins is None else compact_nir(ins), 64)


def created_id(body_prefix: bytes) -> str | None:
    """The `id` of a created resource, from the beginning of a JSON answer."""
    try:
        document = json.loads(body_prefix)
    except ValueError:
        return None
    value = document.get("id") if isinstance(document, dict) else None
    return bounded(str(value), _MAX_REF) if isinstance(value, (str, int)) else None


def outcome_of(status: int) -> str:
    if status < 400:
        return "success"
    return "client-error" if status < 500 else "server-error"
