"""Generate the gateway's keys for local runs (never committed).

`python -m gateway.keys DIR` writes, unless they exist, DIR/internal-token.key (private, 0600) and
DIR/internal-token.pub (services get only the public file), and DIR/psc-sandbox.key (0600), the
sandbox Pro Santé Connect issuer's key: kept on disk, so the sandbox ID tokens a vendor holds stay
valid across a gateway restart.
"""

import os
import sys
from pathlib import Path

from joserfc.jwk import ECKey, RSAKey


def ensure_key_pair(directory: Path) -> tuple[Path, Path]:
    private_path, public_path = directory / "internal-token.key", directory / "internal-token.pub"
    if private_path.exists() and public_path.exists():
        return private_path, public_path
    directory.mkdir(parents=True, exist_ok=True)
    key = ECKey.generate_key("P-256", parameters={"kid": "gateway-1"}, private=True)
    private_path.write_bytes(key.as_pem(private=True))
    os.chmod(private_path, 0o600)
    public_path.write_bytes(key.as_pem(private=False))
    return private_path, public_path


def ensure_sandbox_psc_key(directory: Path) -> Path:
    path = directory / "psc-sandbox.key"
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    path.write_bytes(RSAKey.generate_key(2048, private=True).as_pem(private=True))
    os.chmod(path, 0o600)
    return path


if __name__ == "__main__":
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else ".run/keys")
    for path in (*ensure_key_pair(directory), ensure_sandbox_psc_key(directory)):
        print(path)
