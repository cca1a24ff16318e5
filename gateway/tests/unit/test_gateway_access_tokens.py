"""Access tokens (RFC 9068 profile) and rotatable signing keys."""

import time
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey

from gateway.access_tokens import AccessTokens, InvalidAccessToken
from gateway.signing_keys import KeyRing, rotate, with_kid


def tokens(ring: KeyRing, **overrides: Any) -> AccessTokens:
    values: dict[str, Any] = {"issuer": "https://api.test", "audience": "dentalink-api", "lifetime": 300}
    values |= overrides
    return AccessTokens(ring, **values)


def test_issue_and_verify() -> None:
    service = tokens(KeyRing.ephemeral())
    now = time.time()
    verified = service.verify(service.issue("vendor-1", frozenset({"dmp:read"}), now=now), now=now + 10)
    assert verified.client_id == "vendor-1" and verified.scopes == {"dmp:read"}


def test_expired_foreign_or_forged_tokens_are_refused() -> None:
    ring = KeyRing.ephemeral()
    service = tokens(ring)
    token = service.issue("vendor-1", frozenset(), now=1_000_000)
    with pytest.raises(InvalidAccessToken):
        service.verify(token, now=1_000_000 + 306)
    with pytest.raises(InvalidAccessToken):
        tokens(ring, audience="other").verify(service.issue("v", frozenset()))
    with pytest.raises(InvalidAccessToken):
        service.verify(tokens(KeyRing.ephemeral()).issue("v", frozenset()))
    # A token of the right key but another type (e.g. an internal token) is not an access token.
    other_type = jwt.encode(
        {"alg": "ES256", "kid": ring.signing_key.kid},
        {"iss": "https://api.test", "aud": "dentalink-api", "sub": "v", "exp": int(time.time()) + 60},
        ring.signing_key,
    )
    with pytest.raises(InvalidAccessToken):
        service.verify(other_type)


def test_rotation_keeps_the_previous_key_for_the_overlap(tmp_path: Path) -> None:
    rotate(tmp_path)
    ring = KeyRing.from_directory(tmp_path)
    service = tokens(ring)
    old = service.issue("vendor-1", frozenset())
    first_kid = ring.signing_key.kid
    rotate(tmp_path, keep=2)
    ring.reload()
    assert ring.signing_key.kid != first_kid
    assert [key["kid"] for key in ring.jwks()["keys"]][1] == first_kid
    assert service.verify(old).client_id == "vendor-1"
    rotate(tmp_path, keep=2)
    ring.reload()
    assert len(list(tmp_path.glob("*.pem"))) == 2
    with pytest.raises(InvalidAccessToken):
        service.verify(old)


def test_key_ids_are_thumbprints_and_the_jwks_has_no_private_part(tmp_path: Path) -> None:
    key = ECKey.generate_key("P-256", private=True)
    assert with_kid(key).kid == key.thumbprint()
    published = KeyRing([with_kid(key)]).jwks()["keys"][0]
    assert "d" not in published and published["alg"] == "ES256" and published["use"] == "sig"
    fresh = KeyRing.from_directory(tmp_path / "new")  # the first key is generated
    assert len(fresh.keys) == 1 and len(list((tmp_path / "new").glob("*.pem"))) == 1
    for path in (tmp_path / "new").glob("*.pem"):
        path.unlink()
    with pytest.raises(RuntimeError):
        fresh.reload()  # keys removed under a running gateway: reported, the loaded key stays
    assert len(fresh.keys) == 1
