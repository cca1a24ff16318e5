"""Generate the Python client (`clients/python/src/dentalink_client`) from the committed OpenAPI document.

openapi-python-client writes the package (one module per operation, one class per schema, no
formatting hook: the output depends on the document and the generator's version only); beside it
goes `operation_ids.txt`, the document's operationIds, from which `dentalink_sdk` derives its human
names (`identities.create` → `sdk.identities.create`). The package is committed; a test runs this
into a temporary folder and fails when the committed one differs.

    python tools/python_client.py                   # rewrite clients/python/src/dentalink_client
    python tools/python_client.py --output DIR      # write it to DIR (which must not exist)
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from dentalink_contracts.openapi import operations

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "contracts" / "openapi.json"
CONFIG = ROOT / "contracts" / "openapi-python-client.yaml"
PACKAGE = ROOT / "clients" / "python" / "src" / "dentalink_client"


def operation_ids(document: Path) -> list[str]:
    return sorted(
        op["operationId"] for _, _, op in operations(json.loads(document.read_text(encoding="utf-8")))
    )


def generate(output: Path) -> None:
    generator = Path(sys.executable).with_name("openapi-python-client")
    # The generator installed beside this interpreter, with fixed arguments: nothing untrusted.
    run = subprocess.run(  # noqa: S603
        [
            str(generator), "generate",
            "--path", str(DOCUMENT),
            "--config", str(CONFIG),
            "--meta", "none",
            "--output-path", str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )  # fmt: skip
    if run.returncode != 0:
        raise SystemExit(f"openapi-python-client failed:\n{run.stdout}{run.stderr}")
    ids = operation_ids(DOCUMENT)
    (output / "operation_ids.txt").write_text("".join(f"{i}\n" for i in ids), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="where to write the package (default: the committed one)")
    args = parser.parse_args()
    output: Path = args.output or PACKAGE
    if args.output is None and PACKAGE.exists():
        shutil.rmtree(PACKAGE)  # a removed operation must not leave its module behind
    generate(output)


if __name__ == "__main__":
    main()
