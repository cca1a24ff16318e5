"""Port to the national DMP: documents shared by the practice are pushed there (DOMAIN.md §5).

The production adapter (DMPi web services) plugs in behind `NationalDmp`. The sandbox acknowledges
every document, deterministically, and simulates faults:

| trigger | behaviour |
| --- | --- |
| `fault=unavailable` | `NationalDmpUnavailable` (retried) |
| `fault=timeout` | never answers; the caller's timeout fires (retried) |
| `fault=reject`, or type code `SANDBOX-REJECT` | `NationalDmpRejected` (not retried) |
| otherwise | acknowledged: national id `sandbox-dmp-<uuid5 of the version id>`, same on a re-push |

The fault comes from `DMP_SANDBOX_NATIONAL_DMP_FAULT` and may be changed at run time (`fault`).
"""

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Protocol

from dmp_service.settings import NationalDmpFault

SANDBOX_REJECTED_TYPE_CODE = "SANDBOX-REJECT"
_NATIONAL_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:dentalink:dmp:sandbox-national-dmp")


class NationalDmpUnavailable(Exception):
    """The national DMP could not take the document now; try again later."""


class NationalDmpRejected(Exception):
    """The national DMP refused the document for good (content or metadata not acceptable)."""


@dataclass(frozen=True)
class NationalDocument:
    """What is sent for one document version: the patient's INS, metadata, content, what it replaces."""

    version_id: uuid.UUID
    document_id: uuid.UUID
    version: int
    matricule: str
    oid: str
    type_code: str
    title: str
    author_rpps: str
    date_of_care: date
    content_type: str
    sha256: str
    content: bytes
    replaces_version_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PushReceipt:
    """The national DMP's acknowledgement."""

    national_id: str
    received_at: datetime


class NationalDmp(Protocol):
    """Push one document version; idempotent on `version_id`."""

    async def push(self, document: NationalDocument) -> PushReceipt: ...


@dataclass
class SandboxNationalDmp:
    """Deterministic stand-in for the national DMP (table in the module docstring)."""

    fault: NationalDmpFault = NationalDmpFault.NONE
    received: dict[uuid.UUID, PushReceipt] = field(default_factory=dict)
    attempts: int = 0

    async def push(self, document: NationalDocument) -> PushReceipt:
        self.attempts += 1
        if self.fault is NationalDmpFault.UNAVAILABLE:
            raise NationalDmpUnavailable("sandbox: national DMP unavailable")
        if self.fault is NationalDmpFault.TIMEOUT:
            await asyncio.sleep(3600)
        if self.fault is NationalDmpFault.REJECT or document.type_code == SANDBOX_REJECTED_TYPE_CODE:
            raise NationalDmpRejected("sandbox: document rejected")
        receipt = self.received.get(document.version_id)
        if receipt is None:
            national_id = f"sandbox-dmp-{uuid.uuid5(_NATIONAL_ID_NAMESPACE, str(document.version_id))}"
            receipt = PushReceipt(national_id=national_id, received_at=datetime.now(UTC))
            self.received[document.version_id] = receipt
        return receipt
