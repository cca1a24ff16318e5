"""For tests: validate FHIR resources with the HL7 FHIR R4 validator (HAPI FHIR, tools/fhir-validator).

The first call builds the validator (jars from Maven Central into .cache/fhir-validator) within a
bounded time; a build that fails or overruns is a test failure that says why, never a skip.
Validation itself runs offline against base R4.
"""

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parents[4] / "tools" / "fhir-validator" / "validator.sh"
BUILD_TIMEOUT_SECONDS = 900  # the first build downloads ~150 MB of jars
VALIDATION_TIMEOUT_SECONDS = 300


class ValidatorUnavailable(AssertionError):
    """The validator could not be built or run: the test fails with its output."""


@dataclass(frozen=True)
class Report:
    """What the validator said of one resource."""

    resource: dict[str, Any]
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)

    def describe(self, messages: list[dict[str, str]]) -> str:
        label = f"{self.resource.get('resourceType')}/{self.resource.get('id', '-')}"
        return "\n".join(f"{label} {m['location']}: {m['message']}" for m in messages)


def _run(arguments: list[str], stdin: str, timeout: int, what: str) -> str:
    try:
        done = subprocess.run(  # noqa: S603 — our own script at a fixed path
            [str(SCRIPT), *arguments],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        raise ValidatorUnavailable(f"the FHIR validator {what} took over {timeout} s") from expired
    if done.returncode != 0:
        raise ValidatorUnavailable(
            f"the FHIR validator {what} failed ({done.returncode}):\n{done.stderr[-4000:]}"
        )
    return done.stdout


def validate(resources: list[dict[str, Any]]) -> list[Report]:
    """One report per resource, in order (blocking: call it through `asyncio.to_thread`)."""
    _run(["build"], "", BUILD_TIMEOUT_SECONDS, "build")
    lines = "".join(json.dumps(resource, ensure_ascii=False) + "\n" for resource in resources)
    output = _run([], lines, VALIDATION_TIMEOUT_SECONDS, "run")
    results = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    if len(results) != len(resources):
        raise ValidatorUnavailable(
            f"{len(results)} reports for {len(resources)} resources:\n{output[-4000:]}"
        )
    return [
        Report(resource, result["errors"], result["warnings"])
        for resource, result in zip(resources, results, strict=True)
    ]


def errors_of(reports: list[Report]) -> str:
    """Every error, one line each ('' when there is none): the assertion message."""
    return "\n".join(report.describe(report.errors) for report in reports if report.errors)
