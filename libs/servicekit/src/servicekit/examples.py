"""Examples in the OpenAPI document, each object's written once.

A model declares its example in `model_config` (`json_schema_extra={"examples": [...]}`); a model that
contains it, or extends it, builds its own from that one (`example_of`), so a nested object's example
is not copied into every parent that embeds it (and cannot drift from it).
"""

import copy
from typing import Any

from pydantic import BaseModel

# Public key material of the JWKS answers' examples (the gateway's and the sandbox issuers'), by alg.
_EXAMPLE_KEYS: dict[str, dict[str, str]] = {
    "ES256": {
        "kty": "EC",
        "crv": "P-256",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uE9JSy8Y",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    },
    "RS256": {"kty": "RSA", "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbf", "e": "AQAB"},
}


def example_of(model: type[BaseModel], **changes: Any) -> dict[str, Any]:
    """A copy of the first example `model` declares, with `changes` applied on top."""
    extra = model.model_config.get("json_schema_extra")
    examples = extra.get("examples") if isinstance(extra, dict) else None
    if not isinstance(examples, list) or not isinstance(examples[0], dict):
        raise ValueError(f"{model.__name__} declares no example object")
    return copy.deepcopy(examples[0]) | changes


def jwks_answer(kid: str, alg: str = "ES256") -> dict[str, Any]:
    """The OpenAPI 200 answer of a JWKS route (RFC 7517), its example one `alg` signing key `kid`."""
    key = _EXAMPLE_KEYS[alg] | {"kid": kid, "use": "sig", "alg": alg}
    return {
        "description": "The JSON Web Key Set (RFC 7517).",
        "content": {"application/json": {"example": {"keys": [key]}}},
    }
