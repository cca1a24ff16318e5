"""The `webhooks` section of the OpenAPI document: one entry per webhook type, its payload schema,
description and example. Payloads follow Standard Webhooks (`type`, `timestamp`, `data`) and carry
ids and statuses only: no INS, NIR, name, birth date nor free text."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field, create_model

from servicekit.examples import example_of
from webhook_service.domain import WebhookEventType

_PRACTICE = "cabinet-nantes-01"
_AT = "2025-03-14T10:00:00+00:00"
_ACT, _EXPERTISE = "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "7c9e6679-7425-40de-944b-e07fc1f90ae7"
_PRACTICE_FIELD = Field(description="The practice this webhook is for (the endpoint's).")


class IdentityQualifiedData(BaseModel):
    """An identity of the practice became qualified (QUAL)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "identity_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b", "practice_id": _PRACTICE, "status": "QUAL",
        "qualified_at": _AT}]})  # fmt: skip

    identity_id: str = Field(description="The identity's id (`GET /v1/identities/{identity_id}`).")
    practice_id: str = _PRACTICE_FIELD
    status: Literal["QUAL"] = Field(description="The identity's status: qualified.")
    qualified_at: datetime = Field(description="When it became qualified.")


class IdentityStatusChangedData(BaseModel):
    """An identity changed status (other than reaching QUAL), downgrades included."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "identity_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b", "practice_id": _PRACTICE,
        "previous_status": "QUAL", "status": "VALI", "changed_at": _AT}]})  # fmt: skip

    identity_id: str = Field(description="The identity's id.")
    practice_id: str = _PRACTICE_FIELD
    previous_status: str | None = Field(description="RNIV status before: PROV, RECUP, VALI or QUAL.")
    status: str = Field(description="RNIV status now: PROV, RECUP, VALI or QUAL.")
    changed_at: datetime = Field(description="When it changed.")


class ApcvSessionOpenedData(BaseModel):
    """ADRI validated the rights: an apCV billing session opened."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "session_id": "0b7f1d0e-3c1a-4a53-9d1e-6a7f3f2b9c10", "practice_id": _PRACTICE,
        "practitioner_rpps": "10001234567", "status": "open", "opened_at": _AT,
        "expires_at": "2025-03-14T10:30:00+00:00"}]})  # fmt: skip

    session_id: str = Field(description="The session's id (`GET /v1/apcv-sessions/{session_id}`).")
    practice_id: str = _PRACTICE_FIELD
    practitioner_rpps: str = Field(description="RPPS number of the practitioner who opened it.")
    status: Literal["open"] = Field(description="The session's status.")
    opened_at: datetime = Field(description="When it opened.")
    expires_at: datetime = Field(description="When its window ends.")


class ApcvSessionClosedData(BaseModel):
    """An apCV session was closed by the practitioner or expired."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "session_id": "0b7f1d0e-3c1a-4a53-9d1e-6a7f3f2b9c10", "practice_id": _PRACTICE, "status": "expired",
        "closed_at": "2025-03-14T10:30:00+00:00"}]})  # fmt: skip

    session_id: str = Field(description="The session's id.")
    practice_id: str = _PRACTICE_FIELD
    status: Literal["closed", "expired"] = Field(description="How it ended.")
    closed_at: datetime = Field(description="When it ended.")


class TeleExpertiseReportedData(BaseModel):
    """The requis answered a tele-expertise: sent to the requérant's practice and to the practice the
    requis answered for (once when they are one)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "expertise_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "practice_id": _PRACTICE,
        "status": "answered", "reported_at": _AT}]})  # fmt: skip

    expertise_id: str = Field(
        description="The tele-expertise's id (`GET /v1/tele-expertises/{expertise_id}`)."
    )
    practice_id: str = _PRACTICE_FIELD
    status: Literal["answered"] = Field(description="The tele-expertise's status.")
    reported_at: datetime = Field(description="When the report was given.")


class TeleExpertiseStatusData(BaseModel):
    """A tele-expertise was requested, accepted, refused, cancelled or expired: sent to the requérant's
    practice and, once the requis acted from one (acceptance, refusal), to the requis's practice."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "expertise_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "practice_id": _PRACTICE,
        "previous_status": "requested", "status": "accepted", "changed_at": _AT}]})  # fmt: skip

    expertise_id: str = Field(
        description="The tele-expertise's id (`GET /v1/tele-expertises/{expertise_id}`)."
    )
    practice_id: str = _PRACTICE_FIELD
    previous_status: Literal["requested", "accepted"] | None = Field(
        description="Its status before; null for `tele-expertise.requested`."
    )
    status: Literal["requested", "accepted", "refused", "cancelled", "expired"] = Field(
        description="Its status now, the one the webhook's type names."
    )
    changed_at: datetime = Field(description="When it changed.")


class ActBilledData(BaseModel):
    """A tele-expertise act was billed."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "act_id": _ACT, "expertise_id": _EXPERTISE,
        "practice_id": _PRACTICE, "invoice_id": "a8098c1a-f86e-11da-bd1a-00112444be1e", "act_code": "TE2",
        "amount": "20.00", "payer": "amo", "status": "billed", "billed_at": _AT}]})  # fmt: skip

    act_id: str = Field(description="The act's id.")
    expertise_id: str = Field(description="The tele-expertise it belongs to.")
    practice_id: str = _PRACTICE_FIELD
    invoice_id: str = Field(description="The invoice's id (`GET /v1/invoices/{invoice_id}`).")
    act_code: Literal["RQD", "TE2"] = Field(description="The act code.")
    amount: Decimal = Field(description='Amount billed in euros, a decimal string (`"20.00"`).')
    payer: Literal["amo", "patient"] = Field(description="Who pays.")
    status: Literal["billed"] = Field(description="The act's billing status.")
    billed_at: datetime = Field(description="When it was billed.")


class ActBillingRejectedData(BaseModel):
    """A tele-expertise act could not be billed; `reason` says why."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "act_id": _ACT, "expertise_id": _EXPERTISE,
        "practice_id": _PRACTICE, "act_code": "TE2", "status": "rejected", "reason": "yearly_cap_reached",
        "rejected_at": _AT}]})  # fmt: skip

    act_id: str = Field(description="The act's id.")
    expertise_id: str = Field(description="The tele-expertise it belongs to.")
    practice_id: str = _PRACTICE_FIELD
    act_code: Literal["RQD", "TE2"] = Field(description="The act code.")
    status: Literal["rejected"] = Field(description="The act's billing status.")
    reason: str = Field(description="`yearly_cap_reached`, `no_tariff` or `practitioner_not_dentist`.")
    rejected_at: datetime = Field(description="When billing was refused.")


class DocumentFiledData(BaseModel):
    """A document, or a new version of one, was filed in a patient's DMP record by the practice (a
    deposit, a tele-expertise report it answered, a message attachment): sent to that practice."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "document_id": "c56a4180-65aa-42ec-a945-5fd21dec0538",
        "version_id": "9b2e6a3c-1f4d-4e8a-b7c5-3d2f1e0a9b8c", "version": 1,
        "identity_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b", "practice_id": _PRACTICE, "status": "filed",
        "filed_at": _AT}]})  # fmt: skip

    document_id: str = Field(description="The document's id.")
    version_id: str = Field(description="The id of the version filed.")
    version: int = Field(description="The version's number: 1 for a new document, more for a replacement.")
    identity_id: str | None = Field(
        description="The practice's identity of the patient (`GET /v1/identities/{identity_id}`), when it "
        "has one."
    )
    practice_id: str = _PRACTICE_FIELD
    status: Literal["filed"] = Field(description="The document's status.")
    filed_at: datetime = Field(description="When it was filed.")


DATA_MODELS: dict[WebhookEventType, type[BaseModel]] = {
    WebhookEventType.IDENTITY_QUALIFIED: IdentityQualifiedData,
    WebhookEventType.IDENTITY_STATUS_CHANGED: IdentityStatusChangedData,
    WebhookEventType.APCV_SESSION_OPENED: ApcvSessionOpenedData,
    WebhookEventType.APCV_SESSION_CLOSED: ApcvSessionClosedData,
    WebhookEventType.TELE_EXPERTISE_REQUESTED: TeleExpertiseStatusData,
    WebhookEventType.TELE_EXPERTISE_ACCEPTED: TeleExpertiseStatusData,
    WebhookEventType.TELE_EXPERTISE_REFUSED: TeleExpertiseStatusData,
    WebhookEventType.TELE_EXPERTISE_CANCELLED: TeleExpertiseStatusData,
    WebhookEventType.TELE_EXPERTISE_EXPIRED: TeleExpertiseStatusData,
    WebhookEventType.TELE_EXPERTISE_REPORTED: TeleExpertiseReportedData,
    WebhookEventType.ACT_BILLED: ActBilledData,
    WebhookEventType.ACT_BILLING_REJECTED: ActBillingRejectedData,
    WebhookEventType.DMP_DOCUMENT_FILED: DocumentFiledData,
}

SIGNATURE_NOTE = (
    "Signed per Standard Webhooks: `webhook-id` (the same on every retry), `webhook-timestamp` (Unix "
    "seconds of the attempt), `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one "
    "per secret in use, space separated). Answer 2xx within the timeout; anything else is retried with "
    "exponential back-off and full jitter for up to 3 days."
)


def _camel(kind: WebhookEventType) -> str:
    return "".join(part.capitalize() for part in kind.value.replace(".", "-").split("-"))


def payload_model(kind: WebhookEventType) -> type[BaseModel]:
    """`{type, timestamp, data}` of one webhook type, as its receiver gets it."""
    data_model = DATA_MODELS[kind]
    data_example = example_of(data_model)
    model: type[BaseModel] = create_model(
        f"{_camel(kind)}Webhook",
        __config__=ConfigDict(
            json_schema_extra={"examples": [{"type": kind.value, "timestamp": _AT, "data": data_example}]}
        ),
        __doc__=f"The `{kind.value}` webhook: {data_model.__doc__}",
        type=(Literal[kind.value], Field(description="The webhook type.")),  # type: ignore[arg-type]
        timestamp=(datetime, Field(description="When what it announces happened.")),
        data=(data_model, Field(description="What happened: ids and statuses.")),
    )
    return model


def install_webhooks(app: FastAPI) -> None:
    """Document every webhook type under the document's `webhooks`."""
    for kind in WebhookEventType:
        model = payload_model(kind)

        async def receive(body: model) -> None:  # type: ignore[valid-type]
            """Documentation only: the receiver implements this."""

        app.webhooks.post(
            kind.value,
            operation_id=f"webhooks.{_camel(kind)[0].lower()}{_camel(kind)[1:]}",
            summary=f"`{kind.value}` webhook",
            description=(model.__doc__ or "") + "\n\n" + SIGNATURE_NOTE,
            tags=["webhooks"],
            status_code=200,
        )(receive)
    documented = app.openapi

    def openapi() -> dict[str, Any]:
        schema = documented()
        # FastAPI documents a validation answer and a JSON body for each: a receiver's answer is
        # any 2xx, its body ignored.
        for path in schema.get("webhooks", {}).values():
            for operation in path.values():
                operation["responses"] = {"2XX": {"description": "Received; the body is ignored."}}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
