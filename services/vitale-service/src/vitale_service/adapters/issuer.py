"""The apCV app issuer as vitale sees it: a published key set (port) and the sandbox issuer.

The sandbox issuer holds ES256 keys generated at start (or given by configuration so that several
instances share them), never committed. It publishes its public keys as a JWKS: the current key signs,
the previous one stays published after a rotation so payloads it signed still verify until they expire.
"""

import secrets
from datetime import datetime, timedelta
from typing import Any, Protocol

from joserfc.jwk import ECKey, KeySet

from vitale_service.domain import ALGORITHM, SandboxPatient, mint_apcv_token


class IssuerKeys(Protocol):
    """Port: the public keys the app issuer currently publishes (JWKS)."""

    async def key_set(self) -> KeySet:
        """The trusted verification keys; during a rotation, the old and the new one."""
        ...


def _signing_key(key: ECKey) -> ECKey:
    """The key with its RFC 7638 thumbprint as kid, marked for ES256 signatures."""
    return ECKey.import_key(
        key.as_dict(private=True), parameters={"kid": key.thumbprint(), "use": "sig", "alg": ALGORITHM}
    )


def _generated() -> ECKey:
    return _signing_key(ECKey.generate_key("P-256", private=True))


def _imported(pem: str) -> ECKey:
    key = ECKey.import_key(pem)
    if not key.is_private or key.as_dict().get("crv") != "P-256":
        raise ValueError("the sandbox issuer key must be an EC P-256 private key")
    return _signing_key(key)


class SandboxApcvIssuer:
    """Fictitious app issuer: signs sandbox patients' apps and publishes its public keys (DOMAIN.md §4)."""

    def __init__(
        self, *, issuer: str, current_pem: str | None = None, previous_pem: str | None = None
    ) -> None:
        self.issuer = issuer
        self._current = _imported(current_pem) if current_pem else _generated()
        self._previous = _imported(previous_pem) if previous_pem else None

    @property
    def current_kid(self) -> str:
        kid = self._current.kid
        assert kid is not None
        return kid

    def rotate(self) -> str:
        """Sign with a new key from now on; the old one stays published until the next rotation."""
        self._previous, self._current = self._current, _generated()
        return self.current_kid

    def _published(self) -> list[ECKey]:
        return [self._current, *([self._previous] if self._previous else [])]

    def jwks(self) -> dict[str, Any]:
        """The published key set: public halves only, current key first."""
        return {"keys": [key.as_dict(private=False) for key in self._published()]}

    def public_keys(self) -> KeySet:
        """The published key set as verification keys (no private half)."""
        return KeySet([ECKey.import_key(key.as_dict(private=False)) for key in self._published()])

    def mint(
        self, patient: SandboxPatient, *, audience: str, now: datetime, lifetime: timedelta
    ) -> tuple[str, str]:
        """A fresh single-use payload for the patient's app and its nonce."""
        nonce = secrets.token_urlsafe(24)
        token = mint_apcv_token(
            self._current,
            self.current_kid,
            patient,
            audience=audience,
            issuer=self.issuer,
            now=now,
            lifetime=lifetime,
            nonce=nonce,
        )
        return token, nonce


class SandboxIssuerKeys:
    """IssuerKeys read straight from the in-process sandbox issuer."""

    def __init__(self, issuer: SandboxApcvIssuer) -> None:
        self.issuer = issuer

    async def key_set(self) -> KeySet:
        return self.issuer.public_keys()
