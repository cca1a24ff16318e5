"""A supervised platform of a bench's own, started as `make up` starts one (deploy/local/supervise.sh:
every process under supervisord) but with its own run directory, PostgreSQL cluster, Kafka broker,
ports and topic namespace: it never touches a running platform, the test suite's servers or another
bench's platform. Prometheus, its exporters and Jaeger are left out: the CPU is for what is measured.

    platform = Platform("chaos", port_offset=20_000, pg_port=25_432, kafka_port=29_092)
    await platform.start()

`kafka_nodes=3, replicas=2` makes it the platform of `make up-cluster`: a 3-node Kafka cluster on
kafka_port, +2, +4, two replicas of every process, and nginx on the processes' usual ports.
    try: ...
    finally: await asyncio.to_thread(platform.teardown)
"""

import asyncio
import contextlib
import hashlib
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / "deploy/local"
# Each process and its port before the offset (deploy/local/stack.sh).
PROCESSES = {
    "gateway": 8000,
    "ins-service": 8101,
    "vitale-service": 8102,
    "dmp-service": 8103,
    "telemed-service": 8104,
    "billing-service": 8105,
    "webhook-service": 8106,
}
SERVICE_DATABASES = ("ins", "vitale", "dmp", "telemed", "billing", "webhook")


class Platform:
    """One platform: `name` names its run directory (.run/NAME), cluster and topics; every port of its
    processes is moved by `port_offset`; PostgreSQL and Kafka listen on ports of their own."""

    def __init__(
        self,
        name: str,
        *,
        port_offset: int,
        pg_port: int,
        kafka_port: int,
        kafka_controller_port: int | None = None,
        kafka_nodes: int = 1,
        replicas: int = 1,
    ) -> None:
        self.name = name
        self.kafka_nodes = kafka_nodes
        self.replicas = replicas
        self._instances: dict[str, int] = {}
        self.port_offset = port_offset
        self.pg_port = pg_port
        self.kafka_port = kafka_port
        self.kafka_controller_port = kafka_controller_port or kafka_port + 1
        self.run_dir = ROOT / ".run" / name
        self.namespace = f"{name}-{uuid.uuid4().hex[:8]}"
        digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:12]
        # As root PostgreSQL runs as `postgres`, which may not enter the checkout (postgres.sh).
        self.pg_home = (
            Path(f"/var/lib/postgresql/dentalink/{name}-{digest}")
            if os.geteuid() == 0
            else self.run_dir / "postgres"
        )

    def env(self) -> dict[str, str]:
        mine = ("DENTALINK_", "INS_", "VITALE_", "DMP_", "TELEMED_", "BILLING_", "GATEWAY_", "OTEL_")
        env = {name: value for name, value in os.environ.items() if not name.startswith(mine)}
        return env | {
            "DENTALINK_RUN": str(self.run_dir),
            "DENTALINK_PG_HOME": str(self.pg_home),
            "DENTALINK_PG_PORT": str(self.pg_port),
            "DENTALINK_PG_MANAGED": "1",
            "DATABASE_URL": f"postgresql+asyncpg://dentalink:dentalink@127.0.0.1:{self.pg_port}/postgres",
            "DENTALINK_KAFKA_PORT": str(self.kafka_port),
            "DENTALINK_KAFKA_CONTROLLER_PORT": str(self.kafka_controller_port),
            "DENTALINK_KAFKA_MANAGED": "1",
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka,
            "DENTALINK_PORT_OFFSET": str(self.port_offset),
            "DENTALINK_TOPIC_NAMESPACE": self.namespace,
            # Prometheus, its exporters and Jaeger are not what a bench measures: the CPU is its.
            "DENTALINK_MONITORING": "0",
            "DENTALINK_JAEGER": "0",
            "DENTALINK_KAFKA_METRICS": "0",
            "DENTALINK_KAFKA_NODES": str(self.kafka_nodes),
            "DENTALINK_REPLICAS": str(self.replicas),
        }

    def script(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            ["bash", *args], env=self.env(), capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-4000:]}")
        return done.stdout

    async def start(self) -> None:
        await asyncio.to_thread(self.teardown)  # what an interrupted run left
        await asyncio.to_thread(self.script, str(LOCAL / "supervise.sh"), "up")

    def teardown(self) -> None:
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "supervise.sh"), "down", timeout=300)
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "stack.sh"), "stop")
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "edge.sh"), "stop")
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "redis.sh"), "stop")  # its own only (by its pid file), not make infra's
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "kafka.sh"), "stop")
        with contextlib.suppress(Exception):
            self.script(str(LOCAL / "postgres.sh"), "purge")
        subprocess.run(["rm", "-rf", str(self.run_dir), str(self.pg_home)], check=False)

    @staticmethod
    def program(instance: str) -> str:
        """The supervisord program running an instance (stack.sh supervisor-programs): the gateway
        alone, replicas of the gateway in the group `gateways`, services in `services`."""
        if instance == "gateway":
            return instance
        return f"{'gateways' if instance.startswith('gateway-') else 'services'}:{instance}"

    def ctl(self, *args: str, check: bool = False, timeout: float = 30) -> str:
        """supervisorctl of this platform's supervisord; its output."""
        conf = str(self.run_dir / "supervisor/supervisord.conf")
        command = [str(ROOT / ".venv/bin/supervisorctl"), "-c", conf, *args]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=timeout).stdout

    def pid(self, program: str) -> int:
        """The pid supervisord gives for `program` (0 when it runs none)."""
        return int(self.ctl("pid", program).strip())

    def kill(self, program: str) -> int:
        """SIGKILL the process supervisord runs as `program` (no warning, as a crash); its pid."""
        victim = self.pid(program)
        if victim <= 1:  # os.kill(0, ...) would hit this very process group
            raise RuntimeError(f"supervisord gives no pid for {program}")
        os.kill(victim, signal.SIGKILL)
        return victim

    def restart(self, program: str) -> None:
        """supervisorctl restart: SIGTERM (the program drains and leaves), then start it again."""
        self.ctl("restart", program, check=True, timeout=120)

    def port(self, process: str) -> int:
        return PROCESSES[process] + self.port_offset

    def url(self, process: str) -> str:
        return f"http://127.0.0.1:{self.port(process)}"

    def gateway_url(self) -> str:
        return self.url("gateway")

    def database_url(self, name: str) -> str:
        return f"postgresql://dentalink:dentalink@127.0.0.1:{self.pg_port}/{name}"

    @property
    def keys(self) -> Path:
        """Where stack.sh keeps the gateway's keys (the internal token's private key among them)."""
        return self.run_dir / "keys"

    @property
    def kafka(self) -> str:
        return ",".join(f"127.0.0.1:{self.kafka_port + 2 * node}" for node in range(self.kafka_nodes))

    def instances(self) -> dict[str, int]:
        """Every instance and its port: the processes, or each replica of them (stack.sh ports)."""
        if not self._instances:
            lines = self.script(str(LOCAL / "stack.sh"), "ports").splitlines()
            self._instances = {name: int(port) for name, port in (line.split() for line in lines)}
        return self._instances

    async def readiness(self, http: httpx.AsyncClient) -> tuple[bool, bool]:
        """(every process answers /ready 200, and every /ready?verbose also says each dependency is
        back)."""
        serving = complete = True
        for port in self.instances().values():
            try:
                answer = await http.get(f"http://127.0.0.1:{port}/ready?verbose", timeout=2.0)
            except httpx.HTTPError:
                return False, False
            serving = serving and answer.status_code == 200
            complete = complete and serving and all(answer.json().get("dependencies", {}).values())
        return serving, complete


async def until(check: Callable[[], Awaitable[bool]], timeout: float, every: float = 0.25) -> bool:
    """Whether `check` held (returned True without raising) within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if await check():
                return True
        await asyncio.sleep(every)
    return False
