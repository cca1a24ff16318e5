"""Minting of apCV tokens by the sandbox app issuer, pure given a key (DOMAIN.md §4).

Key generation, storage and publication of the public key set belong to the adapter.
"""

import json
from datetime import datetime, timedelta

from joserfc import jws
from joserfc.jwk import ECKey

from vitale_service.domain.apcv_token import ALGORITHM, CONTENT_CLAIM, TOKEN_TYPE
from vitale_service.domain.sandbox_dataset import SandboxPatient


def mint_apcv_token(
    key: ECKey,
    kid: str,
    patient: SandboxPatient,
    *,
    audience: str,
    issuer: str,
    now: datetime,
    lifetime: timedelta,
    nonce: str,
) -> str:
    """Sign the patient's app content as a compact ES256 JWS, valid from `now` for `lifetime` (DOMAIN.md §4).

    Pure given the key; ECDSA draws a random nonce, so two tokens of the same claims differ.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    issued_at = int(now.timestamp())
    claims = {
        "iss": issuer,
        "aud": audience,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + int(lifetime.total_seconds()),
        "nonce": nonce,
        CONTENT_CLAIM: patient.content.model_dump(mode="json", exclude_none=True),
    }
    header = {"alg": ALGORITHM, "typ": TOKEN_TYPE, "kid": kid}
    payload = json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()
    return jws.serialize_compact(header, payload, key, algorithms=[ALGORITHM])
