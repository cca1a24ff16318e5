"""The TypeScript SDK (clients/typescript), run from pytest so `make test` covers it: its locked
dependencies installed (`npm ci`) when missing, the whole package (sources, tests, examples)
type-checked with `tsc --strict`, its unit tests run with `node --test` against a fake API on
loopback, and the committed generated files compared with what `make contracts` writes."""

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parents[1]
GENERATED = PACKAGE / "src" / "generated"
BIN = PACKAGE / "node_modules" / ".bin"


def run(command: list[str], timeout: float = 300) -> str:
    # Fixed commands from the package's own node_modules and this interpreter: nothing untrusted.
    done = subprocess.run(command, cwd=PACKAGE, capture_output=True, text=True, check=False, timeout=timeout)
    assert done.returncode == 0, (
        f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    """`npm ci` when node_modules is missing or older than package-lock.json."""
    installed_lock = PACKAGE / "node_modules" / ".package-lock.json"
    if (
        not installed_lock.exists()
        or installed_lock.stat().st_mtime < (PACKAGE / "package-lock.json").stat().st_mtime
    ):
        run(["npm", "ci", "--no-audit", "--no-fund"])


def test_the_package_type_checks_under_strict() -> None:
    run([str(BIN / "tsc"), "--strict", "--noEmit", "-p", "tsconfig.test.json"])


def test_the_unit_tests_pass() -> None:
    run([str(BIN / "tsc"), "-p", "tsconfig.test.json"])
    tests = sorted(str(p.relative_to(PACKAGE)) for p in (PACKAGE / ".test-build" / "tests").glob("*.test.js"))
    assert tests, "no compiled *.test.js"
    output = run(["node", "--test", *tests])
    assert "# fail 0" in output, output


def test_the_committed_generated_files_are_current(tmp_path: Path) -> None:
    run([sys.executable, str(ROOT / "tools" / "typescript_client.py"), "--output", str(tmp_path)])
    for name in ("schema.ts", "operations.ts"):
        fresh, committed = (tmp_path / name).read_text(), (GENERATED / name).read_text()
        assert fresh == committed, f"{name} is stale: run `make contracts` and commit clients/typescript"
