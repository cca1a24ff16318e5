"""Rotatable ES256 signing keys for access tokens, published as a JWKS (RFC 7517).

Keys live as PEM files in one directory. The newest file signs; every file still present verifies,
so a rotation is: add a new key (`python -m gateway.manage rotate-signing-key`), let instances pick
it up, and remove the previous one once no token signed by it can still be valid (the token
lifetime). The key id is the RFC 7638 thumbprint, so every instance derives the same `kid`.
"""

import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from joserfc.jwk import ECKey, KeySet

log = logging.getLogger("gateway.signing_keys")


def with_kid(key: ECKey) -> ECKey:
    """The key with its RFC 7638 thumbprint as `kid`."""
    return ECKey.import_key(key.as_dict(private=key.is_private), parameters={"kid": key.thumbprint()})


@dataclass
class KeyRing:
    """Signing key first, then the keys still accepted during a rotation overlap."""

    keys: list[ECKey]
    directory: Path | None = None
    _public: tuple[tuple[str, ...], KeySet] | None = field(default=None, init=False, repr=False)

    @classmethod
    def ephemeral(cls) -> "KeyRing":
        log.warning("access tokens signed with a key generated at start: set GATEWAY_ACCESS_TOKEN_KEYS_DIR")
        return cls([with_kid(ECKey.generate_key("P-256", private=True))])

    @classmethod
    def from_directory(cls, directory: Path) -> "KeyRing":
        """The keys of `directory`; an empty or missing directory gets its first key."""
        if not any(directory.glob("*.pem")):
            log.info("no access-token signing key yet: generating the first one")
            rotate(directory)
        ring = cls([], directory)
        ring.reload()
        return ring

    def reload(self) -> None:
        """Re-read the directory, newest file name first. An emptied directory is an error; the keys
        in use stay in place."""
        if self.directory is None:
            return
        files = sorted(self.directory.glob("*.pem"), reverse=True)
        keys = [with_kid(ECKey.import_key(path.read_bytes())) for path in files]
        if not keys:
            raise RuntimeError(f"no signing key (*.pem) in {self.directory}")
        self.keys = keys

    @property
    def signing_key(self) -> ECKey:
        return self.keys[0]

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(str(key.kid) for key in self.keys)

    def verification_keys(self) -> KeySet:
        """The public keys, built once per set of keys (importing them costs more than a check)."""
        if self._public is None or self._public[0] != self.key_ids:
            public = KeySet([ECKey.import_key(key.as_dict(private=False)) for key in self.keys])
            self._public = (self.key_ids, public)
        return self._public[1]

    def jwks(self) -> dict[str, Any]:
        keys = [{**key.as_dict(private=False), "use": "sig", "alg": "ES256"} for key in self.keys]
        return {"keys": keys}


def rotate(directory: Path, *, keep: int = 2, now: datetime | None = None) -> Path:
    """Write a new signing key and delete all but the `keep` newest ones (the overlap)."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"{stamp}.pem"
    key = ECKey.generate_key("P-256", private=True)
    path.write_bytes(key.as_pem(private=True))
    os.chmod(path, 0o600)
    for old in sorted(directory.glob("*.pem"), reverse=True)[max(keep, 1) :]:
        old.unlink()
    return path
