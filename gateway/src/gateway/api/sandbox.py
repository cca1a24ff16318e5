"""Sandbox Pro Santé Connect for integrators (only when sandbox mode is on): list the fictitious
professionals and mint their ID tokens, to send in the X-Pro-Sante-Connect-Token header."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from dentalink_contracts.values import Role
from gateway.adapters.psc import PSC_HEADER
from gateway.adapters.psc_sandbox import (
    SANDBOX_PROFESSIONALS,
    SandboxProfessional,
    SandboxPscIssuer,
    sandbox_professional,
)
from gateway.api.caller import GatewayCall
from gateway.api.openapi import problem_responses
from gateway.context import Context, GatewayContext
from gateway.domain.professionals import RPPS_ID_PREFIX, professional_from_claims
from gateway.problems import route_not_found, sandbox_lifetime_too_long, sandbox_professional_not_found
from servicekit.examples import jwks_answer

router = APIRouter(prefix="/v1/sandbox", tags=["sandbox"])


class SandboxProfessionalOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "label": "oral-surgeon",
                    "rpps": "10000001031",
                    "name": "Inès FONTAINE",
                    "profession": "dentist",
                    "specialty": "SCD02",
                    "establishment_finess": None,
                    "usual_role": "specialist",
                    "description": "Specialist dentist, oral surgery (SCD02).",
                }
            ]
        }
    )

    label: str = Field(description="Label to pass as `professional` to `POST /v1/sandbox/psc-tokens`.")
    rpps: str = Field(description="The fictitious professional's RPPS number.")
    name: str = Field(description="First name and last name.")
    profession: str = Field(
        description="Profession as Pro Santé Connect names it (`dentist`, `physician`, …)."
    )
    specialty: str | None = Field(description="Specialty code (e.g. `SCD02` oral surgery); null when none.")
    establishment_finess: str | None = Field(
        description="FINESS number of the EHPAD they work for; null when none."
    )
    usual_role: Role = Field(description="The roster role this professional usually holds.")
    description: str = Field(description="What this professional is for in the sandbox scenarios.")

    @classmethod
    def of(cls, professional: SandboxProfessional, issued_claims: dict[str, Any]) -> "SandboxProfessionalOut":
        seen = professional_from_claims(issued_claims)
        return cls(
            label=professional.label,
            rpps=professional.rpps,
            name=f"{professional.first_name} {professional.last_name}",
            profession=seen.profession.value,
            specialty=seen.specialty,
            establishment_finess=seen.establishment_finess,
            usual_role=professional.usual_role,
            description=professional.description,
        )


class PscTokenRequest(BaseModel):
    """Which sandbox professional, and optionally a lifetime or an already expired token."""

    professional: str = Field(description="Label (e.g. `dentist`) or RPPS of a sandbox professional.")
    lifetime_seconds: int | None = Field(
        default=None,
        ge=1,
        le=3_600,  # the document states the default limit (a longer one would be a 422 by default)
        description="At most the lifetime the gateway accepts (GATEWAY_PSC_MAX_TOKEN_LIFETIME_SECONDS, "
        "one hour by default); longer is a 422.",
    )
    expired: StrictBool = Field(  # `0` or "yes" is not a boolean, as the document says
        default=False, description="Mint a token that expired an hour ago (to test 401s)."
    )

    model_config = {"json_schema_extra": {"examples": [{"professional": "dentist"}]}}


class PscToken(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id_token": "eyJhbGciOiJFUzI1NiIsImtpZCI6InNhbmRib3gtcHNjIiwidHlwIjoiSldUIn0.eyJ…",
                    "header": "X-Pro-Sante-Connect-Token",
                    "rpps": "10000001015",
                    "expires_at": "2025-03-14T11:00:00Z",
                }
            ]
        }
    )

    id_token: str = Field(description="The Pro Santé Connect ID token (JWT), signed by the sandbox issuer.")
    header: str = Field(default=PSC_HEADER, description="The header to send it in.")
    rpps: str = Field(description="RPPS number of the professional it identifies.")
    expires_at: datetime = Field(description="When the token expires.")


def _issuer(context: GatewayContext) -> SandboxPscIssuer:
    if context.sandbox_psc is None:
        raise route_not_found()
    return context.sandbox_psc


def _claims(professional: SandboxProfessional) -> dict[str, Any]:
    return {
        "SubjectNameID": RPPS_ID_PREFIX + professional.rpps,
        "SubjectRefPro": {"exercices": [professional.exercice()]},
    }


@router.get(
    "/psc-professionals",
    operation_id="sandbox.listPscProfessionals",
    response_model=list[SandboxProfessionalOut],
    summary="The fictitious professionals of the sandbox Pro Santé Connect",
    responses=problem_responses(401, 403, 429),
)
async def list_professionals(call: GatewayCall, context: Context) -> list[SandboxProfessionalOut]:
    _issuer(context)
    return [SandboxProfessionalOut.of(p, _claims(p)) for p in SANDBOX_PROFESSIONALS]


@router.post(
    "/psc-tokens",
    operation_id="sandbox.mintPscToken",
    status_code=201,
    response_model=PscToken,
    summary="Mint a Pro Santé Connect ID token for a sandbox professional",
    description=f"Send the `id_token` in the `{PSC_HEADER}` header of API calls made by the same "
    "client: the token names it (`azp`) and the gateway refuses it from any other. Sandbox only: "
    "the real Pro Santé Connect issues these after the professional's e-CPS authentication.",
    responses=problem_responses(401, 403, 404, 422, 429),
)
async def mint_token(body: PscTokenRequest, call: GatewayCall, context: Context) -> PscToken:
    issuer = _issuer(context)
    try:
        professional = sandbox_professional(body.professional)
    except KeyError:
        raise sandbox_professional_not_found() from None
    settings = context.settings
    if body.lifetime_seconds is not None and body.lifetime_seconds > settings.psc_max_token_lifetime_seconds:
        raise sandbox_lifetime_too_long(settings.psc_max_token_lifetime_seconds)
    now = context.clock().timestamp()
    if body.expired:  # expired an hour ago
        lifetime = min(3600, settings.psc_max_token_lifetime_seconds)
        issued_at = now - 3600 - lifetime
    else:
        lifetime = body.lifetime_seconds or min(
            settings.psc_sandbox_token_lifetime_seconds, settings.psc_max_token_lifetime_seconds
        )
        issued_at = now
    # Bound to the calling client (azp), as the gateway requires.
    token = issuer.mint(professional, client_id=call.client.client_id, lifetime=lifetime, now=issued_at)
    expires = datetime.fromtimestamp(int(issued_at) + lifetime, UTC)
    return PscToken(id_token=token, rpps=professional.rpps, expires_at=expires)


@router.get(
    "/psc/jwks.json",
    operation_id="sandbox.getPscJwks",
    summary="Public keys of the sandbox Pro Santé Connect issuer (JWKS)",
    openapi_extra={"security": []},
    responses={200: jwks_answer("sandbox-psc-1", alg="RS256")},
)
async def sandbox_jwks(context: Context) -> JSONResponse:
    return JSONResponse(_issuer(context).jwks())
