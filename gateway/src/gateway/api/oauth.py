"""OAuth2 client credentials grant (RFC 6749 §4.4) and the keys that verify its tokens (RFC 7517).

Clients authenticate with `client_secret_basic` (HTTP Basic, RFC 6749 §2.3.1) or
`client_secret_post` (form fields), never both. Errors are problem+json documents that also carry
RFC 6749 §5.2's `error` and `error_description` members, so OAuth libraries read them as usual.
Rate limits and authentication: gateway.workflows.tokens.
"""

import base64
import binascii
from typing import Any
from urllib.parse import parse_qs, unquote_plus

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from gateway.api.openapi import problem_responses
from gateway.context import Context
from gateway.domain.scopes import SCOPES, UnknownScopeError, format_scopes
from gateway.problems import NO_STORE, oauth_error, token_refusal
from gateway.workflows import tokens
from servicekit.examples import jwks_answer

TOKEN_PATH = "/v1/oauth/token"
JWKS_PATH = "/.well-known/jwks.json"


class TokenResponse(BaseModel):
    """RFC 6749 §5.1 successful response."""

    access_token: str = Field(description="The access token (a JWT): send it as `Authorization: Bearer …`.")
    token_type: str = Field(default="Bearer", description="Always `Bearer`.")
    expires_in: int = Field(description="Lifetime of the token in seconds; ask for a new one before it ends.")
    scope: str = Field(description="The scopes granted, space-separated.")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "access_token": "eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Ii4uLiJ9.eyJ…",
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "scope": "identities:read identities:write",
                }
            ]
        }
    }


def _form(raw: bytes) -> dict[str, str]:
    try:
        fields = parse_qs(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw))
    except (UnicodeDecodeError, ValueError):
        raise oauth_error(400, "invalid_request", "The body is not a valid form.") from None
    if any(len(values) > 1 for values in fields.values()):
        raise oauth_error(400, "invalid_request", "A parameter was sent more than once.")
    return {name: values[0] for name, values in fields.items()}


def _basic_credentials(header: str) -> tuple[str, str]:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        raise oauth_error(401, "invalid_client", "Use HTTP Basic or form credentials.", basic_challenge=True)
    try:
        client_id, separator, secret = (
            base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        separator = ""
    if not separator:
        raise oauth_error(401, "invalid_client", "Malformed Basic credentials.", basic_challenge=True)
    return unquote_plus(client_id), unquote_plus(secret)


def _credentials(request: Request, form: dict[str, str]) -> tuple[str, str, bool]:
    """(client id, secret, sent as Basic)."""
    header = request.headers.get("authorization")
    in_form = "client_secret" in form
    if header is not None and in_form:
        raise oauth_error(400, "invalid_request", "Use one client authentication method, not two.")
    if header is not None:
        client_id, secret = _basic_credentials(header)
        if form.get("client_id", client_id) != client_id:
            raise oauth_error(400, "invalid_request", "client_id does not match the Basic credentials.")
        return client_id, secret, True
    if in_form and form.get("client_id"):
        return form["client_id"], form["client_secret"], False
    raise oauth_error(401, "invalid_client", "Client authentication is required.", basic_challenge=True)


router = APIRouter(tags=["oauth"])

_FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["grant_type"],
    "properties": {
        "grant_type": {"type": "string", "enum": ["client_credentials"]},
        "scope": {"type": "string", "description": "Space-separated subset of the client's scopes."},
        "client_id": {"type": "string", "description": "client_secret_post only."},
        "client_secret": {"type": "string", "description": "client_secret_post only."},
    },
}


@router.post(
    TOKEN_PATH,
    operation_id="oauth.issueToken",
    response_model=TokenResponse,
    summary="Get an access token (OAuth2 client credentials)",
    description="RFC 6749 §4.4. Authenticate with HTTP Basic (`client_secret_basic`) or with "
    "`client_id` and `client_secret` form fields (`client_secret_post`). The token is an ES256 JWT "
    "(RFC 9068) valid a few minutes; verify it with `/.well-known/jwks.json` if you need to.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": _FORM_SCHEMA,
                    "example": {"grant_type": "client_credentials", "scope": "identities:read"},
                }
            },
        },
        "security": [],
    },
    responses=problem_responses(400, 401, 429),
)
async def issue_token(request: Request, context: Context) -> JSONResponse:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise oauth_error(400, "invalid_request", "Send an application/x-www-form-urlencoded body.")
    form = _form(await request.body())
    if form.get("grant_type") != "client_credentials":
        if "grant_type" not in form:
            raise oauth_error(400, "invalid_request", "grant_type is required.")
        raise oauth_error(400, "unsupported_grant_type", "Only client_credentials is supported.")
    client_id, secret, basic = _credentials(request, form)
    try:
        issued = await tokens.issue_token(
            context,
            source=request.client.host if request.client else "unknown",
            client_id=client_id,
            secret=secret,
            scope=form.get("scope"),
        )
    except (tokens.TooManyTokenRequests, tokens.ClientAuthenticationFailed, UnknownScopeError) as error:
        raise token_refusal(error, basic=basic) from None
    answer = TokenResponse(
        access_token=issued.access_token, expires_in=issued.expires_in, scope=format_scopes(issued.scopes)
    )
    return JSONResponse(answer.model_dump(), headers=NO_STORE)


@router.get(
    JWKS_PATH,
    operation_id="oauth.getJwks",
    summary="Public keys verifying the access tokens (JWKS)",
    description="During a key rotation the previous key is still listed, so tokens it signed stay valid.",
    openapi_extra={"security": []},
    responses={200: jwks_answer("gw-2025-03")},
)
async def jwks(context: Context) -> JSONResponse:
    return JSONResponse(context.ring.jwks(), headers={"Cache-Control": "public, max-age=300"})


@router.get(
    "/.well-known/oauth-authorization-server",
    operation_id="oauth.getServerMetadata",
    summary="OAuth 2.0 authorization server metadata (RFC 8414)",
    description="Where to get an access token (client credentials) and the keys that verify it. The URLs "
    "follow the gateway's configured public URL (`GATEWAY_PUBLIC_URL`), this gateway's own when unset.",
    openapi_extra={"security": []},
    responses={
        200: {
            "description": "The metadata; URLs follow the configured public URL.",
            "content": {
                "application/json": {
                    "example": {
                        "issuer": "http://127.0.0.1:8000",
                        "token_endpoint": "http://127.0.0.1:8000/v1/oauth/token",
                        "jwks_uri": "http://127.0.0.1:8000/.well-known/jwks.json",
                        "grant_types_supported": ["client_credentials"],
                        "token_endpoint_auth_methods_supported": [
                            "client_secret_basic",
                            "client_secret_post",
                        ],
                        "scopes_supported": ["identities:read", "identities:write"],
                    }
                }
            },
        }
    },
)
async def metadata(context: Context) -> dict[str, Any]:
    # The configured public URL (GATEWAY_PUBLIC_URL), this local gateway's when unset: never a
    # production address on a local or sandbox platform.
    settings = context.settings
    return {
        "issuer": settings.issuer,
        "token_endpoint": settings.base_url + TOKEN_PATH,
        "jwks_uri": settings.base_url + JWKS_PATH,
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": sorted(SCOPES),
    }
