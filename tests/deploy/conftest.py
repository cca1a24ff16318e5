"""What the deploy tests share: promtool, installed by the project's own script when absent."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def promtool(tmp_path_factory: pytest.TempPathFactory) -> str:
    found = shutil.which("promtool")
    if found is None:
        env = os.environ | {"DENTALINK_RUN": str(tmp_path_factory.mktemp("run"))}
        installed = subprocess.run(
            ["bash", str(ROOT / "deploy/local/prometheus.sh"), "install"],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        found = shutil.which("promtool")
        if found is None:
            pytest.fail(
                f"promtool is missing and `prometheus.sh install` did not bring it:\n{installed.stderr}"
            )
    return found
