"""HTTP API of vitale-service: apCV sessions (DOMAIN.md §4) and the sandbox app issuer."""

import copy
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from dentalink_contracts.events import ReadingMode
from dentalink_contracts.events.vitale import APCV_BENEFICIARY_EXAMPLE
from dentalink_contracts.nir import TYPED_NIR_MAX_LENGTH
from servicekit import Caller, Role, require_roles
from servicekit.examples import example_of, jwks_answer
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page, decode_uuid_cursor, page_of
from servicekit.problems import problem_doc, problem_responses
from servicekit.text import Text
from vitale_service import workflows
from vitale_service.apcv_format import PAYLOAD_FORMAT
from vitale_service.context import Context
from vitale_service.domain import (
    SANDBOX_ADRI_RIGHTS,
    SANDBOX_PATIENTS,
    AmoBeneficiary,
    AmoQuality,
    SessionRecord,
    SessionStatus,
)
from vitale_service.problems import answered_as_problems

router = APIRouter(prefix="/v1", tags=["apcv-sessions"])
sandbox_router = APIRouter(prefix="/v1/sandbox", tags=["sandbox"])

# Reading the card and closing the session are acts of the care team, not of auditors or admins.
CARE_TEAM = require_roles(Role.DENTIST, Role.SPECIALIST, Role.DENTAL_ASSISTANT)

# The examples' beneficiary (the contracts' one), without `usage_name`: the app's AMO data carry none for her.
_BENEFICIARY_EXAMPLE = {
    key: value for key, value in copy.deepcopy(APCV_BENEFICIARY_EXAMPLE).items() if key != "usage_name"
}


_PROBLEM_DESCRIPTIONS = {
    400: "Malformed request or cursor.",
    401: "Missing or invalid internal token.",
    403: "The caller's role or identity does not allow this.",
    404: "No such session in the caller's practice.",
    409: "The payload was already used (`apcv-replayed`).",
    410: "The session has expired (`apcv-session-expired`).",
    422: "The payload, the beneficiary choice or the ADRI rights were refused; see `type`.",
    503: "ADRI is unavailable (`adri-unavailable`); no session was opened.",
    504: "ADRI timed out (`adri-timeout`); no session was opened.",
}


# The `status` filter of the list (no docstring: it would become the schema's description).
class StatusFilter(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return problem_responses(_PROBLEM_DESCRIPTIONS, *statuses)


class OpenSessionRequest(BaseModel):
    """The payload read from the patient's app, the beneficiary the care is for, and how it was read."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": PAYLOAD_FORMAT,
            "examples": [
                {
                    "payload": "eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiIsInR5cCI6ImFwY3Yrand0In0.eyJ...fQ.MEUC...",
                    "beneficiary_nir": APCV_BENEFICIARY_EXAMPLE["nir"],
                    "reading_mode": "qr",
                }
            ],
        },
    )

    payload: Text = Field(
        min_length=1,
        max_length=32_768,
        description="The compact JWS read from the app (QR code or NFC), unchanged. Format: see the model.",
    )
    beneficiary_nir: Text | None = Field(
        default=None,
        max_length=TYPED_NIR_MAX_LENGTH,
        description="NIR of the chosen beneficiary, compact or spaced as on the card "
        "(`1 84 12 76 451 089 46`); may be omitted when the app has one.",
    )
    reading_mode: ReadingMode = Field(description="How the app was read: `qr` or `nfc`.")


class RightsOut(BaseModel):
    """The compulsory-insurance rights ADRI validated when the session opened."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"status": "open", "insurer": "014410000", "start": "2020-01-01", "end": None}]
        }
    )

    status: str = Field(examples=["open"], description="ADRI's verdict on the rights: `open` or `closed`.")
    insurer: str = Field(
        examples=["014410000"], description="The compulsory insurer's code (9 digits) ADRI answered for."
    )
    start: date = Field(description="First day the rights are open.")
    end: date | None = Field(default=None, description="Last day the rights are open; null when open-ended.")


class SessionOut(BaseModel):
    """An apCV session: bound to a practice, a practitioner and a beneficiary, open until `expires_at`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b7f1d0e-3c1a-4a53-9d1e-6a7f3f2b9c10",
                    "status": "open",
                    "practice_id": "cabinet-nantes-01",
                    "practitioner_rpps": "10001234567",
                    "reading_mode": "qr",
                    "beneficiary": _BENEFICIARY_EXAMPLE,
                    "rights": example_of(RightsOut),
                    "opened_at": "2025-03-14T10:00:00Z",
                    "expires_at": "2025-03-14T10:30:00Z",
                    "closed_at": None,
                }
            ]
        }
    )

    id: uuid.UUID = Field(
        description="Session id: pass it to `POST /v1/care-sheets` to bill within the session."
    )
    status: SessionStatus = Field(
        description="State now: `open`, `closed` (by the practice) or `expired` (past `expires_at`)."
    )
    practice_id: str = Field(description="The practice the session is bound to.")
    practitioner_rpps: str = Field(
        description="RPPS number (11 digits) of the practitioner who opened the session."
    )
    reading_mode: ReadingMode = Field(description="How the app was read: `qr` or `nfc`.")
    beneficiary: AmoBeneficiary = Field(
        description="The beneficiary the care is for, as the AMO data on the app describe them."
    )
    rights: RightsOut = Field(description="The compulsory-insurance rights ADRI validated at opening.")
    opened_at: datetime = Field(description="When the session opened.")
    expires_at: datetime = Field(
        description="When the session stops accepting care sheets (30 minutes after opening)."
    )
    closed_at: datetime | None = Field(
        default=None,
        description="When the practice closed the session; null while open or once merely expired.",
    )


def session_out(record: SessionRecord, now: datetime) -> SessionOut:
    session, rights = record.session, record.rights
    return SessionOut(
        id=session.id,
        status=record.status_at(now),
        practice_id=session.practice_id,
        practitioner_rpps=session.practitioner_rpps,
        reading_mode=record.reading_mode,
        beneficiary=session.beneficiary,
        rights=RightsOut(
            status=rights.status.value, insurer=rights.insurer, start=rights.start, end=rights.end
        ),
        opened_at=session.opened_at,
        expires_at=session.expires_at,
        closed_at=session.closed_at,
    )


SessionId = Annotated[uuid.UUID, Path(description="The apCV session's id (from `POST /v1/apcv-sessions`).")]


@router.post(
    "/apcv-sessions",
    operation_id="apcvSessions.open",
    status_code=201,
    response_model=SessionOut,
    summary="Open an apCV session from a payload read on the patient's e-carte Vitale app",
    description="Verifies the payload (signature against the issuer's published keys, issuer, audience, "
    "expiry, single use), validates the chosen beneficiary, asks ADRI for the rights and, when ADRI "
    "validates them, opens a session bound to the caller's practice and RPPS for the configured "
    "duration (30 minutes by default). Emits `ApcvSessionOpened`.\n\n"
    "**Tolerances.** The payload's `exp`, `nbf` and `iat` are checked with a clock-skew leeway of "
    "`VITALE_APCV_LEEWAY_SECONDS` (30 s by default): a payload is still accepted up to 30 s after its "
    "`exp` and up to 30 s before its `nbf`/`iat`; its lifetime (`exp - iat`, at most 5 minutes) gets "
    "no leeway. The session window gets none either: open strictly before `expires_at` "
    "(29:59 is open, 30:00 is expired).\n\n" + PAYLOAD_FORMAT,
    responses=_problems(401, 403, 409, 422, 503, 504),
    dependencies=[CARE_TEAM],
)
async def create_session(body: OpenSessionRequest, caller: Caller, context: Context) -> SessionOut:
    with answered_as_problems():
        record = await workflows.open_session(
            context,
            caller,
            token=body.payload,
            chosen_nir=body.beneficiary_nir,
            reading_mode=body.reading_mode,
        )
    return session_out(record, context.clock())


@router.get(
    "/apcv-sessions",
    operation_id="apcvSessions.list",
    response_model=Page[SessionOut],
    summary="List the practice's apCV sessions, e.g. the open ones",
    responses=_problems(400, 401),
)
async def get_sessions(
    caller: Caller,
    context: Context,
    status: Annotated[StatusFilter | None, Query(description="Only sessions in this state now.")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[SessionOut]:
    after = None if cursor is None else decode_uuid_cursor(cursor)
    now = context.clock()
    records = await workflows.list_sessions(
        context,
        caller.practice_id,
        status=None if status is None else SessionStatus(status.value),
        now=now,
        limit=limit,
        after=after,
    )
    items, next_cursor = page_of(records, limit)
    return Page[SessionOut](items=[session_out(record, now) for record in items], next_cursor=next_cursor)


@router.get(
    "/apcv-sessions/{session_id}",
    operation_id="apcvSessions.get",
    response_model=SessionOut,
    summary="An apCV session of the practice, with its status now (open, closed or expired)",
    responses=_problems(401, 404),
)
async def get_session(session_id: SessionId, caller: Caller, context: Context) -> SessionOut:
    with answered_as_problems():
        record = await workflows.find_session(context, caller.practice_id, session_id)
    return session_out(record, context.clock())


@router.post(
    "/apcv-sessions/{session_id}/close",
    operation_id="apcvSessions.close",
    response_model=SessionOut,
    summary="Close an apCV session before its window ends",
    description="Only the practitioner who opened it can close it. Closing a closed session answers it "
    "unchanged; an expired session answers 410 `apcv-session-expired`. Emits `ApcvSessionClosed`.",
    responses=_problems(401, 403, 404, 410),
    dependencies=[CARE_TEAM],
)
async def close(session_id: SessionId, caller: Caller, context: Context) -> SessionOut:
    with answered_as_problems():
        record = await workflows.close_session(context, caller, session_id)
    return session_out(record, context.clock())


# --- sandbox --------------------------------------------------------------------------------------


class SandboxBeneficiary(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "nir": APCV_BENEFICIARY_EXAMPLE["nir"],
                    "first_names": "LEA",
                    "birth_name": "MARTIN",
                    "quality": "enfant",
                    "adri": "open",
                }
            ]
        }
    )

    nir: str = Field(description="The fictitious beneficiary's NIR (valid key, TEST data).")
    first_names: str = Field(description="First names as on the fictitious AMO data.")
    birth_name: str = Field(description="Birth name as on the fictitious AMO data.")
    quality: AmoQuality = Field(description="`ouvrant_droit`, `conjoint`, `enfant` or `autre`.")
    adri: str = Field(description="What the sandbox ADRI answers: open, closed or unknown_beneficiary.")


class SandboxPatientOut(BaseModel):
    """One fictitious app of the sandbox issuer."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "label": "martin-family",
                    "description": "ouvrant droit, conjoint and two children; one child born on 29 February",
                    "beneficiaries": [
                        example_of(
                            SandboxBeneficiary,
                            nir=APCV_BENEFICIARY_EXAMPLE["ouvrant_droit_nir"],
                            first_names="PIERRE-ALAIN JEAN",
                            quality="ouvrant_droit",
                        ),
                        example_of(SandboxBeneficiary),
                    ],
                }
            ]
        }
    )

    label: str = Field(description="Label to pass as `patient` to `POST /v1/sandbox/apcv-payloads`.")
    description: str = Field(description="What the fictitious app exercises (family, expired rights, …).")
    beneficiaries: list[SandboxBeneficiary] = Field(
        description="The people of the fictitious app's AMO data."
    )


class MintRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"patient": "martin-family"}]})

    patient: Text = Field(description="Label of a sandbox patient (see GET /v1/sandbox/apcv-patients).")
    lifetime_seconds: int | None = Field(
        default=None,
        ge=1,
        le=3600,
        description="Override the payload lifetime (over 300 s is refused on use).",
    )


class MintedPayload(BaseModel):
    """A single-use payload, as the patient's app would show it by QR code or NFC."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "patient": "martin-family",
                    "payload": (
                        "eyJhbGciOiJFUzI1NiIsImtpZCI6InNhbmRib3gtMSIsInR5cCI6ImFwY3Yrand0In0.eyJ...fQ.MEUC..."
                    ),
                    "kid": "sandbox-1",
                    "expires_at": "2025-03-14T10:05:00Z",
                }
            ]
        }
    )

    patient: str = Field(description="The sandbox patient's label.")
    payload: str = Field(description="Compact JWS to send as `payload` to POST /v1/apcv-sessions.")
    kid: str = Field(description="Key id of the sandbox issuer key that signed the payload.")
    expires_at: datetime = Field(
        description="When the payload stops being accepted (single use before that)."
    )


def _adri_answer(nir: str) -> str:
    rights = SANDBOX_ADRI_RIGHTS.get(nir)
    return "unknown_beneficiary" if rights is None else rights.status.value


@sandbox_router.get(
    "/apcv-patients",
    operation_id="sandbox.listApcvPatients",
    response_model=list[SandboxPatientOut],
    summary="The fictitious patients the sandbox app issuer can mint payloads for",
    responses=_problems(401),
)
async def sandbox_patients(caller: Caller) -> list[SandboxPatientOut]:
    return [
        SandboxPatientOut(
            label=patient.label,
            description=patient.description,
            beneficiaries=[
                SandboxBeneficiary(
                    nir=b.nir,
                    first_names=b.first_names,
                    birth_name=b.birth_name,
                    quality=b.quality,
                    adri=_adri_answer(b.nir),
                )
                for b in patient.content.beneficiaries
            ],
        )
        for patient in SANDBOX_PATIENTS
    ]


@sandbox_router.post(
    "/apcv-payloads",
    operation_id="sandbox.mintApcvPayload",
    status_code=201,
    response_model=MintedPayload,
    summary="Mint an apCV payload for a sandbox patient (sandbox only)",
    description="Signs the patient's app content with the sandbox issuer's current key, as the real "
    "app would when read by QR code or NFC. Disabled (404) when the sandbox is off.\n\n" + PAYLOAD_FORMAT,
    responses={**_problems(401), 404: problem_doc("Unknown sandbox patient.")},
)
async def mint_payload(body: MintRequest, caller: Caller, context: Context) -> MintedPayload:
    with answered_as_problems():
        minted = workflows.mint_sandbox_payload(context, body.patient, body.lifetime_seconds)
    return MintedPayload(
        patient=minted.patient, payload=minted.token, kid=minted.kid, expires_at=minted.expires_at
    )


@sandbox_router.get(
    "/apcv-issuer/jwks.json",
    operation_id="sandbox.getApcvIssuerJwks",
    summary="Public keys of the sandbox app issuer (JWKS); the previous key stays during a rotation",
    responses={
        **_problems(401),
        200: jwks_answer("sandbox-apcv-1"),
    },
)
async def sandbox_jwks(caller: Caller, context: Context) -> dict[str, Any]:
    with answered_as_problems():
        return workflows.sandbox_jwks(context)
