"""Generate the gateway's internal-token key pair for local runs (never committed).

`python -m gateway.keys DIR` writes DIR/internal-token.key (private, 0600) and DIR/internal-token.pub
unless they exist. Services get only the public file.
"""

import os
import sys
from pathlib import Path

from joserfc.jwk import ECKey


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


if __name__ == "__main__":
    for path in ensure_key_pair(Path(sys.argv[1] if len(sys.argv) > 1 else ".run/keys")):
        print(path)
