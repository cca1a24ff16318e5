"""The README's quickstart, run as written, against the e2e stack (issue 16).

The shell blocks of "First API call in 5 minutes" are taken from README.md itself, so a quickstart
that drifts from the API fails here. The first block (`make up`) is what the e2e session already did
with its own stack; the second runs in bash from the checkout with two changes only: `API` names the
e2e stack's gateway (never a `make up` platform on 8000), and the client and practice ids get a
suffix of this run (the e2e database outlives one run of the block). The management commands reach
the e2e stack's database through GATEWAY_DATABASE_NAME, which the e2e session sets.

The curl block's last command (the prevention agenda) waits for the qualification event to reach the
DMP, as the README says: it is retried until it answers, within a bound. The Python SDK block then
runs in the same shell (it reads the block's API and SECRET) and qualifies another sandbox patient.
"""

import json
import re
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

from servicekit.testing import GATEWAY

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## First API call in 5 minutes"
README_API = "API=http://127.0.0.1:8000"
PATIENT_MATRICULE = "185037511312392"  # LEGRAND Paul André, the INSi sandbox's first person
LAST_COMMAND_ATTEMPTS = 60  # one a second


def quickstart_blocks() -> list[str]:
    """The fenced bash blocks of the README's quickstart section, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme, f"README.md has no section {SECTION!r}"
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```bash\n(.*?)^```", section, flags=re.S | re.M)


def command_lines(block: str) -> list[str]:
    """The block's lines that are neither blank nor comments."""
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def for_this_run(block: str, run: str) -> str:
    """A block with the ids of this run (the e2e database outlives one run of the quickstart)."""
    return block.replace("my-vendor", f"my-vendor-{run}").replace("cab-demo", f"cab-demo-{run}")


def against_the_e2e_stack(block: str, run: str, then: str = "") -> str:
    """The curl block as a script for the e2e stack: its own gateway, ids of this run, the last
    command retried until it answers; then `then` (the SDK block), in the same shell."""
    assert README_API in block, f"the quickstart no longer sets {README_API!r}: update this test"
    script = for_this_run(block.replace(README_API, f"API={GATEWAY}"), run)
    assert ":8000" not in script, "a quickstart command still names the make up platform"
    lines = command_lines(script)
    last = lines[-1]  # a whole command: not indented, and not the end of a continued line
    assert not last[0].isspace() and not lines[-2].endswith("\\"), last
    body = script[: script.rindex(last)]
    return f"""set -euo pipefail
{body}
last_command() {{
{last}
}}
answered=no
for attempt in $(seq 1 {LAST_COMMAND_ATTEMPTS}); do
  if last_command; then answered=yes; break; fi
  sleep 1
done
if [[ $answered != yes ]]; then echo "the last quickstart command never answered" >&2; exit 1; fi
{for_this_run(then, run)}
"""


def printed_values(output: str) -> list[Any]:
    """The JSON values the commands printed (jq prints one after another), other lines left out (the
    management commands print what they did)."""
    decoder, values, position = json.JSONDecoder(), [], 0
    while position < len(output):
        if output[position].isspace():
            position += 1
            continue
        try:
            value, position = decoder.raw_decode(output, position)
        except json.JSONDecodeError:
            newline = output.find("\n", position)
            position = len(output) if newline == -1 else newline
            continue
        values.append(value)
    return values


def test_the_readme_quickstart_qualifies_an_identity_with_curl_then_with_the_python_sdk() -> None:
    # curl and jq, as the README asks of the reader (make test installs them; a lone run too).
    subprocess.run(["bash", str(ROOT / "deploy/local/test_tools.sh"), "install"], check=True, timeout=900)
    blocks = quickstart_blocks()
    assert [line.split("#")[0].strip() for line in command_lines(blocks[0])] == ["make up"]
    shell_blocks = blocks[1:]
    assert len(shell_blocks) == 2, "a new shell block in the quickstart: run it here too"
    curl, sdk = shell_blocks
    assert ":8000" not in sdk, "the SDK block names the make up platform instead of $API"
    script = against_the_e2e_stack(curl, run=uuid.uuid4().hex[:8], then=sdk)

    done = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    values = printed_values(done.stdout)
    assert values[:2] == ["RECUP", "QUAL"], done.stdout  # step 6: INSi lookup, then the passport
    identity = values[2]  # step 7: the identity read back
    assert identity["status"] == "QUAL" and PATIENT_MATRICULE in json.dumps(identity["ins"]), identity
    agenda, through_the_sdk = values[3:-1], values[-1]  # the agenda's items, then the SDK's identity
    assert all({"label", "status"} <= set(item) for item in agenda), agenda
    assert through_the_sdk == {"sdk": "QUAL", "ins": "280012A00400712"}, done.stdout
