"""Write the Dentalink Grafana dashboards (dashboards as code, Grafana Foundation SDK) to
deploy/grafana/dashboards/<uid>.json, or check that the committed files are what the code produces.

    uv run --no-sync python deploy/grafana/generate.py           # regenerate (commit the result)
    uv run --no-sync python deploy/grafana/generate.py --check   # exit 1 when a committed file is stale

The output is deterministic (sorted keys, ids by position, no timestamp or version), so a diff of the
JSON is the diff of the dashboards. Grafana provisions the directory as it is
(provisioning/dashboards/dashboards.yml).
"""

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DASHBOARDS = HERE / "dashboards"

# The dashboards' package sits beside this script, which may also be loaded by path (the tests).
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from dentalink_boards import BUILDERS  # noqa: E402
from grafana_foundation_sdk.cog.encoder import JSONEncoder  # noqa: E402


def render() -> dict[str, str]:
    """{file name: JSON text} of every dashboard."""
    encoder = JSONEncoder(sort_keys=True, indent=2, ensure_ascii=False)
    files: dict[str, str] = {}
    for build in BUILDERS:
        built = build()
        name = f"{built.uid}.json"
        if name in files:
            raise ValueError(f"two dashboards have the uid {built.uid}")
        files[name] = encoder.encode(built) + "\n"
    return files


def stale(directory: Path, files: dict[str, str]) -> list[str]:
    """Files of `directory` that differ from `files`, are missing, or were not generated."""
    on_disk = {path.name for path in directory.glob("*.json")}
    differing = [
        name
        for name, text in files.items()
        if name not in on_disk or (directory / name).read_text(encoding="utf-8") != text
    ]
    return sorted(differing + sorted(on_disk - files.keys()))


def write(directory: Path, files: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    for leftover in sorted({path.name for path in directory.glob("*.json")} - files.keys()):
        (directory / leftover).unlink()  # a dashboard removed from the code leaves Grafana too


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed JSON is stale")
    parser.add_argument("--out", type=Path, default=DASHBOARDS, help="the dashboards directory")
    args = parser.parse_args(argv)
    files = render()
    if args.check:
        differing = stale(args.out, files)
        for name in differing:
            print(f"stale: {args.out / name} (run deploy/grafana/generate.py)", file=sys.stderr)
        return 1 if differing else 0
    write(args.out, files)
    for name in sorted(files):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
