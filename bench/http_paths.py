"""HTTP paths (issue 15): what the gateway and a service cost against nginx and a minimal FastAPI app,
how many identities reach QUAL per second through the gateway, and how long a filed report takes to
become a billing decision, all on one platform of its own in one run, so that the ratios compare
figures taken side by side on a busy 2-core machine.

On its own supervised platform (bench/isolated_platform.py; ports moved by 40 000, its own
PostgreSQL on 45432 and Kafka on 49092; removed at the end), with Debian's wrk and nginx
(deploy/local/bench_tools.sh installs them):

- `GET /v1/identities/{id}` of a QUAL identity, with wrk pinned to one core (`taskset -c 1`), at
  concurrency 1, 16 and 64, each round running the four targets one after the other, medians of the
  rounds: *direct* to ins-service with an internal token minted with the platform's key, through
  *nginx* (a plain reverse proxy with keep-alive upstream connections) and through the *gateway*
  (client access token, sandbox Pro Santé Connect token, X-Practice-Id); and the *baseline*
  (bench/baseline_app.py: the same one-row read, FastAPI + a raw asyncpg pool, same uvicorn
  settings) against the same database;
- report → billing decision (bench/gateway_flows.py): tele-expertises filed one at a time through
  the gateway, from the report's 200 to both acts' decisions visible in billing's database;
- identities created and brought to QUAL through the gateway (POST /v1/identities, insi-lookups,
  document-checks; bench/gateway_flows.py), by N concurrent clients: identities per second and p95
  per identity;
- the CPU share of each process during each phase (bench/cpu_meter.py), to say where the ceiling is.

Usage: python bench/http_paths.py [--seconds 5] [--rounds 3] [--concurrency 1,16,64]
                                  [--clients 8,32] [--qualify-seconds 15] [--reports 30] [--json FILE]
WEB_CONCURRENCY=N runs every process of the platform, and the baseline, with N uvicorn workers.
"""

import argparse
import asyncio
import itertools
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from cpu_meter import CpuMeter, shares
from gateway_calls import prepared_practice
from gateway_flows import CALLER_LABEL, Qualified, drained, qualify, report_to_invoice
from isolated_platform import LOCAL, PROCESSES, ROOT, Platform, until
from joserfc.jwk import ECKey

from dentalink_contracts.values import Profession, Role
from gateway.adapters.psc import PSC_HEADER
from gateway.adapters.psc_sandbox import sandbox_professional
from gateway.domain.calls import PRACTICE_HEADER
from gateway.sandbox_client import SandboxPractice
from servicekit.auth import INTERNAL_TOKEN_HEADER, CallerContext, Professional, mint_internal_token
from servicekit.testing import SANDBOX_MATRICULE

NGINX_PORT = 48_200
BASELINE_PORT = 48_300
WRK_CORE = "1"
TARGETS = ("direct", "nginx", "gateway", "baseline")


def http_platform() -> Platform:
    """Beside `make up` (offset 0), the e2e stack (10 000) and the chaos suite's platform (20 000)."""
    return Platform("http-paths", port_offset=40_000, pg_port=45_432, kafka_port=49_092)


# --- wrk ------------------------------------------------------------------------------------------

# wrk reports through its Lua `done` hook: one JSON line, latencies in microseconds.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %.1f, "p99_us": %.1f, '
    .. '"socket_errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass
class WrkRun:
    target: str
    concurrency: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    socket_errors: int
    non_2xx: int
    cpu: dict[str, float] = field(default_factory=dict)  # share of one core per process

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def wrk_script(directory: Path, headers: dict[str, str]) -> Path:
    lines = [f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}" for name, value in headers.items()]
    path = directory / f"wrk-{uuid.uuid4().hex[:8]}.lua"
    path.write_text("\n".join(lines) + "\n" + WRK_REPORT)
    return path


async def wrk(url: str, script: Path, concurrency: int, seconds: float) -> dict[str, Any]:
    command = [
        "taskset", "-c", WRK_CORE, "wrk", "-t1", f"-c{concurrency}", f"-d{seconds:g}s",
        "--timeout", "10s", "-s", str(script), url,
    ]  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {err.decode()[-2000:]}")
    report: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return report


# --- the four targets -----------------------------------------------------------------------------


class Targets:
    """URL and headers of `GET /v1/identities/{id}` on each path."""

    def __init__(self, platform: Platform, practice: SandboxPractice, identity_id: str) -> None:
        self.platform = platform
        self.practice = practice
        self.path = f"/v1/identities/{identity_id}"
        dentist = sandbox_professional(CALLER_LABEL)
        caller = CallerContext(
            client_id=practice.client_id,
            practice_id=practice.practice_id,
            professional=Professional(rpps=dentist.rpps, profession=Profession.DENTIST),
            role=Role.DENTIST,
        )
        key = ECKey.import_key((platform.keys / "internal-token.key").read_bytes())
        # Valid longer than any run: the gateway would reuse one token per caller the same way.
        self.internal_token = mint_internal_token(key, caller, lifetime=24 * 3600)

    def url(self, target: str) -> str:
        ports = {
            "direct": self.platform.port("ins-service"),
            "nginx": NGINX_PORT,
            "gateway": self.platform.port("gateway"),
            "baseline": BASELINE_PORT,
        }
        return f"http://127.0.0.1:{ports[target]}{self.path}"

    async def headers(self, target: str) -> dict[str, str]:
        if target in ("direct", "nginx"):
            return {INTERNAL_TOKEN_HEADER: self.internal_token}
        if target == "baseline":
            return {PRACTICE_HEADER: self.practice.practice_id}
        # A fresh access token (300 s) for each run, so none expires in the middle of one.
        answer = await self.practice.http.post(
            "/v1/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(self.practice.client_id, self.practice.client_secret),
        )
        answer.raise_for_status()
        return {
            "Authorization": f"Bearer {answer.json()['access_token']}",
            PSC_HEADER: await self.practice.psc_token(CALLER_LABEL),
            PRACTICE_HEADER: self.practice.practice_id,
        }

    async def check(self, http: httpx.AsyncClient) -> None:
        """Every path answers 200 with the identity before anything is measured."""
        for target in TARGETS:
            answer = await http.get(self.url(target), headers=await self.headers(target))
            if answer.status_code != 200 or answer.json().get("id") != self.path.rsplit("/", 1)[-1]:
                raise RuntimeError(f"{target}: {answer.status_code} {answer.text[:300]}")


async def measure_paths(
    targets: Targets, meter: CpuMeter, scratch: Path, args: argparse.Namespace
) -> list[WrkRun]:
    runs: list[WrkRun] = []
    for target in TARGETS:  # warm-up: connections opened, caches filled, first calls made
        await wrk(targets.url(target), wrk_script(scratch, await targets.headers(target)), 16, 2)
    for concurrency in args.concurrency:
        for round_ in range(1, args.rounds + 1):
            for target in TARGETS:
                script = wrk_script(scratch, await targets.headers(target))
                before, started = meter.sample(), time.monotonic()
                report = await wrk(targets.url(target), script, concurrency, args.seconds)
                wall = time.monotonic() - started
                run = WrkRun(
                    target=target,
                    concurrency=concurrency,
                    requests=report["requests"],
                    seconds=report["duration_us"] / 1e6,
                    p50_ms=report["p50_us"] / 1000,
                    p99_ms=report["p99_us"] / 1000,
                    socket_errors=report["socket_errors"],
                    non_2xx=report["non_2xx"],
                    cpu=shares(before, meter.sample(), wall),
                )
                runs.append(run)
                print(
                    f"  GET c={concurrency} round {round_} {target}: {run.per_second:.0f} req/s, "
                    f"p50 {run.p50_ms:.2f} ms, p99 {run.p99_ms:.2f} ms",
                    file=sys.stderr,
                    flush=True,
                )
    return runs


def medians(runs: list[WrkRun]) -> dict[str, dict[int, dict[str, Any]]]:
    """target -> concurrency -> median req/s, p50, p99 over the rounds, and the median CPU shares."""
    found: dict[str, dict[int, dict[str, Any]]] = {}
    for (target, concurrency), group in itertools.groupby(
        sorted(runs, key=lambda run: (run.target, run.concurrency)),
        key=lambda run: (run.target, run.concurrency),
    ):
        rounds = list(group)
        cpu = {name: statistics.median(run.cpu.get(name, 0.0) for run in rounds) for name in rounds[0].cpu}
        per_second = statistics.median(run.per_second for run in rounds)
        found.setdefault(target, {})[concurrency] = {
            "per_second": round(per_second, 1),
            "p50_ms": round(statistics.median(run.p50_ms for run in rounds), 2),
            "p99_ms": round(statistics.median(run.p99_ms for run in rounds), 2),
            "errors": sum(run.socket_errors + run.non_2xx for run in rounds),
            "cpu": cpu,
            # CPU milliseconds each process spent per request served.
            "cpu_ms_per_request": {name: round(share * 1000 / per_second, 2) for name, share in cpu.items()},
        }
    return found


# --- nginx and the baseline -----------------------------------------------------------------------


def start_nginx(platform: Platform, directory: Path) -> subprocess.Popen[bytes]:
    """nginx in front of ins-service as a plain reverse proxy: one worker, kept-alive upstream
    connections, no access log; its own prefix, configuration and port."""
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "nginx.conf"
    upstream = platform.port("ins-service")
    config.write_text(f"""
worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {directory}/body;
  proxy_temp_path {directory}/proxy;
  fastcgi_temp_path {directory}/fastcgi;
  uwsgi_temp_path {directory}/uwsgi;
  scgi_temp_path {directory}/scgi;
  upstream ins {{
    server 127.0.0.1:{upstream};
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{NGINX_PORT};
    location = /nginx-ready {{ return 204; }}
    location / {{
      proxy_pass http://ins;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }}
  }}
}}
""")
    with (directory / "nginx.log").open("ab") as log:
        return subprocess.Popen(["nginx", "-p", str(directory), "-c", str(config)], stdout=log, stderr=log)


def start_baseline(platform: Platform) -> subprocess.Popen[bytes]:
    # The services' uvicorn settings (deploy/local/stack.sh uvicorn_args), with as many workers as
    # ins-service runs (WEB_CONCURRENCY; INS_WEB_CONCURRENCY is not passed to the platform).
    env = platform.env() | {"BASELINE_DATABASE_URL": platform.database_url("ins")}
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(ROOT / "bench"), "--factory", "baseline_app:build",
        "--host", "127.0.0.1", "--port", str(BASELINE_PORT), "--no-access-log",
        "--timeout-graceful-shutdown", "20", "--reset-contextvars", "--timeout-keep-alive", "75",
        "--workers", env.get("WEB_CONCURRENCY", "1"),
    ]  # fmt: skip
    with (platform.run_dir / "logs/baseline.log").open("ab") as log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=log)


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


async def answering(http: httpx.AsyncClient, url: str) -> bool:
    return (await http.get(url, timeout=2.0)).is_success


async def wait_until_answering(
    http: httpx.AsyncClient, url: str, process: subprocess.Popen[bytes], log: Path
) -> None:
    if not await until(partial(answering, http, url), 30):
        ended = "" if process.poll() is None else f" (exited {process.returncode})"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"{url} does not answer{ended}; {log}:\n{tail}")


# --- the run --------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else math.nan


async def identity_of_the_patient(practice: SandboxPractice) -> str:
    answer = await practice.http.get(
        "/v1/identities",
        params={"matricule": SANDBOX_MATRICULE},
        headers=await practice.headers(CALLER_LABEL),
    )
    answer.raise_for_status()
    return str(answer.json()["items"][0]["id"])


def watched(platform: Platform) -> dict[str, int]:
    """The platform's processes by the name the tables give them, and supervisord's pid for each."""
    programs = {"gateway": "gateway", "postgres": "postgres", "kafka": "kafka"}
    programs |= {name: f"services:{name}" for name in PROCESSES if name != "gateway"}
    return {name: platform.pid(program) for name, program in programs.items()}


async def run(args: argparse.Namespace) -> dict[str, Any]:
    await asyncio.to_thread(subprocess.run, ["bash", str(LOCAL / "bench_tools.sh"), "install"], check=True)
    platform = http_platform()
    await platform.start()
    nginx = baseline = None
    try:
        async with prepared_practice(platform, rate_limit="10000000/minute") as practice:
            identity_id = await identity_of_the_patient(practice)
            nginx = start_nginx(platform, platform.run_dir / "nginx")
            baseline = start_baseline(platform)
            async with httpx.AsyncClient() as http:
                nginx_ready = f"http://127.0.0.1:{NGINX_PORT}/nginx-ready"
                await wait_until_answering(http, nginx_ready, nginx, platform.run_dir / "nginx/nginx.log")
                baseline_ready = f"http://127.0.0.1:{BASELINE_PORT}/ready"
                await wait_until_answering(
                    http, baseline_ready, baseline, platform.run_dir / "logs/baseline.log"
                )
                targets = Targets(platform, practice, identity_id)
                await targets.check(http)
            meter = CpuMeter(watched(platform) | {"nginx": nginx.pid, "baseline": baseline.pid})
            with tempfile.TemporaryDirectory() as scratch:
                runs = await measure_paths(targets, meter, Path(scratch), args)
            print(f"  report -> billing decision, {args.reports} reports", file=sys.stderr, flush=True)
            before, started = meter.sample(), time.monotonic()
            lags = await report_to_invoice(platform, practice, args.reports)
            lag_cpu = shares(before, meter.sample(), time.monotonic() - started)
            qualified = []
            for clients in args.clients:
                await until(lambda: drained(platform), 120, every=1.0)
                qualified.append(await qualify(platform, practice, meter, clients, args.qualify_seconds))
                print(
                    f"  to QUAL, {clients} clients: {qualified[-1].per_second:.1f}/s",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        stop(nginx)
        stop(baseline)
        await asyncio.to_thread(platform.teardown)
    return summary(runs, lags, lag_cpu, qualified)


def summary(
    runs: list[WrkRun], lags: list[float], lag_cpu: dict[str, float], qualified: list[Qualified]
) -> dict[str, Any]:
    paths = medians(runs)
    concurrencies = sorted({run.concurrency for run in runs})
    # The ratios the issue sets targets for: at concurrency 16 (or the nearest measured).
    at = min(concurrencies, key=lambda c: abs(c - 16))
    low = concurrencies[0]

    def ratio(target: str, reference: str) -> float:
        return round(float(paths[target][at]["per_second"] / paths[reference][at]["per_second"]), 2)

    def added(target: str, key: str) -> float:
        return round(float(paths[target][low][key] - paths["direct"][low][key]), 2)

    return {
        "get_identity": {target: {str(c): row for c, row in by_c.items()} for target, by_c in paths.items()},
        "ratios": {
            "concurrency": at,
            "gateway_vs_direct": ratio("gateway", "direct"),
            "nginx_vs_direct": ratio("nginx", "direct"),
            "service_vs_baseline": ratio("direct", "baseline"),
        },
        "added_latency_ms": {
            "concurrency": low,
            "nginx": {"p50": added("nginx", "p50_ms"), "p99": added("nginx", "p99_ms")},
            "gateway": {"p50": added("gateway", "p50_ms"), "p99": added("gateway", "p99_ms")},
        },
        "report_to_invoice_ms": {
            "samples": len(lags),
            "p50": round(percentile(lags, 50) * 1000, 1),
            "p95": round(percentile(lags, 95) * 1000, 1),
            "cpu": lag_cpu,
        },
        "qualified_identities": {
            str(q.clients): {
                "per_second": round(q.per_second, 1),
                "identities": len(q.durations),
                "p50_s": round(percentile(q.durations, 50), 3),
                "p95_s": round(percentile(q.durations, 95), 3),
                "not_qual": q.not_qual,
                "failures": len(q.failures),
                "first_failures": q.failures[:3],
                "ran_out_of_practices": q.ran_out,
                "cpu": q.cpu,
            }
            for q in qualified
        },
        "runs": [asdict(run) for run in runs],
    }


# --- tables ---------------------------------------------------------------------------------------

CPU_COLUMNS = ("gateway", "ins-service", "telemed-service", "billing-service", "postgres", "kafka", "nginx",
               "baseline", "wrk", "bench")  # fmt: skip
# The rest of the machine: what every core did (200 = both busy) less the processes above, and the
# share of the time some runnable task waited for a core.
MACHINE_COLUMNS = ("others", "machine", "cpu_wait")


def print_tables(result: dict[str, Any]) -> None:
    paths = result["get_identity"]
    print("\n| GET /v1/identities/{id} | concurrency | req/s | p50 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for target in TARGETS:
        for c, row in paths[target].items():
            print(
                f"| {target} | {c} | {row['per_second']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} "
                f"| {row['errors']} |"
            )
    ratios, added = result["ratios"], result["added_latency_ms"]
    lag, at = result["report_to_invoice_ms"], ratios["concurrency"]
    print("\n| figure | value |\n| --- | --- |")
    print(f"| gateway / direct, c={at} | {ratios['gateway_vs_direct']:.2f}× |")
    print(f"| nginx / direct, c={at} | {ratios['nginx_vs_direct']:.2f}× |")
    print(f"| ins-service / baseline, c={at} | {ratios['service_vs_baseline']:.2f}× |")
    for target in ("nginx", "gateway"):
        print(
            f"| {target} added latency, c={added['concurrency']} | {added[target]['p50']:+.2f} ms p50, "
            f"{added[target]['p99']:+.2f} ms p99 |"
        )
    print(
        f"| report → billing decision ({lag['samples']}) | p50 {lag['p50']:.0f} ms, p95 {lag['p95']:.0f} ms |"
    )
    for clients, q in result["qualified_identities"].items():
        print(
            f"| identities to QUAL, {clients} clients | {q['per_second']:.1f}/s, p95 {q['p95_s']:.2f} s "
            f"({q['identities']} done, {q['failures']} failed, {q['not_qual']} not QUAL) |"
        )
    columns = CPU_COLUMNS + MACHINE_COLUMNS
    print(f"\n| CPU, % of one core | {' | '.join(columns)} |")
    print("| --- |" + " ---: |" * len(columns))
    phases = [(f"GET {target} c={c}", row["cpu"]) for target in TARGETS for c, row in paths[target].items()]
    phases.append(("report → billing", lag["cpu"]))
    for clients, q in result["qualified_identities"].items():
        phases.append((f"to QUAL, {clients} clients", q["cpu"]))
    for name, cpu in phases:
        mine = sum(share for process, share in cpu.items() if process not in MACHINE_COLUMNS)
        cpu = cpu | {"others": max(0.0, cpu.get("machine", 0.0) - mine)}
        cells = " | ".join(f"{cpu.get(column, 0.0) * 100:.0f}" for column in columns)
        print(f"| {name} | {cells} |")


def numbers(text: str) -> list[int]:
    return [int(value) for value in text.split(",") if value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=numbers, default=[1, 16, 64])
    parser.add_argument("--clients", type=numbers, default=[8, 32])
    parser.add_argument("--qualify-seconds", type=float, default=15.0)
    parser.add_argument("--reports", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 240:  # an access token lives 300 s
        parser.error("--seconds: 1 to 240")
    started = time.monotonic()
    result = asyncio.run(run(args))
    print(f"\nHTTP paths ({time.monotonic() - started:.0f} s in all; wrk on core {WRK_CORE}, medians of "
          f"{args.rounds} rounds of {args.seconds:.0f} s)")  # fmt: skip
    print_tables(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
