"""Footprint benchmark (issue 2): resident memory of every process of the running stack, idle.

Starts the stack with deploy/local/stack.sh if it is not running (and stops it afterwards), lets it
idle, then prints RSS per process and in total. `--json FILE` writes the figures too.
Usage: python bench/footprint.py [--idle 15] [--json FILE]
"""

import argparse
import json
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / ".run"
SERVICES = [
    "ins-service", "vitale-service", "dmp-service", "telemed-service", "billing-service", "webhook-service",
    "gateway",
]  # fmt: skip
TARGET_MB = 150


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def postgres_rss_mb() -> float:
    pids = subprocess.run(["pgrep", "-f", "postgres"], capture_output=True, text=True).stdout.split()
    # Shared buffers are counted once per backend by RSS; PSS would be fairer but needs smaps_rollup.
    total = 0.0
    for pid in pids:
        rollup = Path(f"/proc/{pid}/smaps_rollup")
        if rollup.exists():
            for line in rollup.read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle", type=float, default=15.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    running = (
        subprocess.run([str(ROOT / "deploy/local/stack.sh"), "status"], capture_output=True).returncode == 0
    )
    if not running:
        subprocess.run([str(ROOT / "deploy/local/stack.sh"), "start"], check=True)
    try:
        time.sleep(args.idle)
        rows = []
        for name in SERVICES:
            pid = int((RUN / f"{name}.pid").read_text())
            rows.append((name, rss_mb(pid), "yes" if rss_mb(pid) < TARGET_MB else "NO"))
        kafka = rss_mb(int((RUN / "kafka.pid").read_text())) if (RUN / "kafka.pid").exists() else 0.0
        services_total = sum(mb for _, mb, _ in rows)
        postgres = postgres_rss_mb()
        print(f"| process (idle {args.idle:.0f} s) | RSS MB | under {TARGET_MB} MB |")
        print("| --- | ---: | --- |")
        for name, mb, ok in rows:
            print(f"| {name} | {mb:.0f} | {ok} |")
        print(f"| kafka broker (JVM) | {kafka:.0f} | n/a |")
        print(f"| postgresql (all backends, PSS) | {postgres:.0f} | n/a |")
        print(f"| **whole stack** | {services_total + kafka + postgres:.0f} | |")
        if args.json:
            figures = {
                "target_mb": TARGET_MB,
                "processes_mb": {name: round(mb, 1) for name, mb, _ in rows},
                "kafka_mb": round(kafka, 1),
                "postgres_mb": round(postgres, 1),
                "total_mb": round(services_total + kafka + postgres, 1),
            }
            args.json.write_text(json.dumps(figures, indent=1))
    finally:
        if not running:
            subprocess.run([str(ROOT / "deploy/local/stack.sh"), "stop"], check=True)


if __name__ == "__main__":
    main()
