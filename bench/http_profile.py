"""Where a process's CPU goes on a read (issue 15): py-spy on one process while wrk drives
`GET /v1/identities/{id}` along one of bench/http_paths.py's paths, on a platform of its own.

`--path gateway` (default) profiles the gateway on the proxied read; `--path direct` profiles
ins-service on the same read without the gateway. Prints the share of samples by layer (our code,
FastAPI/Starlette, uvicorn, httpx/httpcore, SQLAlchemy/asyncpg, JWT, OpenTelemetry, the event loop)
and the top functions by own time; `--out` keeps the raw profile (speedscope JSON).

Usage: python bench/http_profile.py [--path gateway|direct] [--seconds 20] [--concurrency 16]
                                    [--out profile.json]
py-spy comes from PyPI through `uv tool run` (a binary wheel; nothing else is installed).
"""

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from gateway_calls import prepared_practice
from http_paths import Targets, http_platform, identity_of_the_patient, wrk, wrk_script
from isolated_platform import LOCAL, ROOT

UV = ROOT / ".cache/uv-bin/bin/uv"
# A frame's file decides its layer; the first rule that matches wins (most specific first).
LAYERS = (
    ("gateway", "/gateway/src/gateway/"),
    ("ins-service", "/ins-service/src/"),
    ("servicekit", "/servicekit/src/servicekit/"),
    ("opentelemetry", "/opentelemetry/"),
    ("jwt (joserfc)", "/joserfc/"),
    ("httpx/httpcore", "/httpx/"),
    ("httpx/httpcore", "/httpcore/"),
    ("sqlalchemy", "/sqlalchemy/"),
    ("asyncpg", "/asyncpg/"),
    ("fastapi", "/fastapi/"),
    ("starlette", "/starlette/"),
    ("pydantic", "/pydantic"),
    ("uvicorn/httptools", "/uvicorn/"),
    ("uvicorn/httptools", "/httptools/"),
    ("asyncio", "/asyncio/"),
)


IN_THE_LOOP = "event loop (C, or idle)"


def layer_of(file: str) -> str:
    for name, marker in LAYERS:
        if marker in file:
            return name
    return "other"


def tables(profile: dict[str, Any]) -> tuple[Counter[str], Counter[str], Counter[str], int]:
    """(inclusive samples by layer, own samples by layer, own samples by function, total samples)."""
    frames = profile["shared"]["frames"]
    inclusive: Counter[str] = Counter()
    own_layer: Counter[str] = Counter()
    own_function: Counter[str] = Counter()
    total = 0
    for sampled in profile["profiles"]:
        if "MainThread" not in sampled["name"]:
            continue  # the event loop's thread; the executor's threads wait for work
        for stack, weight in zip(sampled["samples"], sampled["weights"], strict=True):
            total += weight
            if not stack:
                continue
            top = frames[stack[-1]]
            if top["name"] == "Runner.run":
                own_layer[IN_THE_LOOP] += weight  # uvloop's C code: polling, or waiting for it
                inclusive[IN_THE_LOOP] += weight
                continue
            for layer in {layer_of(frames[index].get("file", "")) for index in stack}:
                inclusive[layer] += weight
            own_layer[layer_of(top.get("file", ""))] += weight
            where = f"{Path(top.get('file', '?')).name}:{top.get('line', '?')}"
            own_function[f"{top['name']} ({where})"] += weight
    return inclusive, own_layer, own_function, total


def print_tables(process: str, profile: dict[str, Any], requests: int, seconds: float) -> None:
    inclusive, own_layer, own_function, total = tables(profile)
    print(f"\n{process} profile: {requests / seconds:.0f} req/s, {total:.0f} s of samples\n")
    print(f"| {'layer':<24} | {'own %':>6} | {'inclusive %':>11} |")
    print(f"| {'-' * 24} | {'-' * 6}:| {'-' * 11}:|")
    for layer, samples in own_layer.most_common():
        print(f"| {layer:<24} | {100 * samples / total:6.1f} | {100 * inclusive[layer] / total:11.1f} |")
    print(f"\n| {'function (own time)':<78} | {'%':>5} |")
    print(f"| {'-' * 78} | {'-' * 5}:|")
    for function, samples in own_function.most_common(25):
        print(f"| {function[:78]:<78} | {100 * samples / total:5.1f} |")


async def run(args: argparse.Namespace) -> None:
    await asyncio.to_thread(subprocess.run, ["bash", str(LOCAL / "bench_tools.sh"), "install"], check=True)
    platform = http_platform()
    await platform.start()
    try:
        async with prepared_practice(platform, rate_limit="10000000/minute") as practice:
            targets = Targets(platform, practice, await identity_of_the_patient(practice))
            async with httpx.AsyncClient() as http:
                answer = await http.get(targets.url(args.path), headers=await targets.headers(args.path))
                answer.raise_for_status()
            process = "gateway" if args.path == "gateway" else "services:ins-service"
            with tempfile.TemporaryDirectory() as scratch:
                script = wrk_script(Path(scratch), await targets.headers(args.path))
                await wrk(targets.url(args.path), script, args.concurrency, 3)  # warm-up
                raw = Path(scratch) / "profile.json"
                spy = await asyncio.create_subprocess_exec(
                    str(UV), "tool", "run", "py-spy", "record", "--pid", str(platform.pid(process)),
                    "--duration", str(int(args.seconds)), "--rate", "250", "--format", "speedscope",
                    "--output", str(raw), "--nonblocking",
                    stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
                )  # fmt: skip
                await asyncio.sleep(1.0)  # py-spy attached before the load starts
                report = await wrk(targets.url(args.path), script, args.concurrency, args.seconds - 2)
                _, err = await spy.communicate()
                if spy.returncode != 0:
                    raise RuntimeError(f"py-spy failed: {err.decode()[-2000:]}")
                profile = json.loads(raw.read_text())
                if args.out is not None:
                    args.out.write_text(raw.read_text())
            print_tables(process, profile, report["requests"], report["duration_us"] / 1e6)
    finally:
        await asyncio.to_thread(platform.teardown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", choices=["gateway", "direct"], default="gateway")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--out", type=Path)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
