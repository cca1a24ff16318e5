"""The committed generated client is what `make contracts` produces from the committed document."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
COMMITTED = ROOT / "clients" / "python" / "src" / "dentalink_client"


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_committed_client_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "dentalink_client"
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "python_client.py"), "--output", str(fresh)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    committed, generated = files(COMMITTED), files(fresh)
    assert sorted(committed) == sorted(generated), "run `make contracts` and commit clients/python"
    stale = [name for name in committed if committed[name] != generated[name]]
    assert stale == [], "run `make contracts` and commit clients/python"
