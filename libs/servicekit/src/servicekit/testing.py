"""Helpers for service tests against the real PostgreSQL and Kafka started by deploy/local."""

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from joserfc.jwk import ECKey
from sqlalchemy.engine import make_url

from dentalink_contracts.envelope import Envelope, from_kafka, to_kafka
from dentalink_contracts.events.base import DomainEvent
from dentalink_contracts.topics import namespaced
from dentalink_contracts.values import PracticeId, Profession, Role
from servicekit.auth import INTERNAL_TOKEN_HEADER, CallerContext, Professional, mint_internal_token
from servicekit.migrations import upgrade_to_head
from servicekit.settings import LOCAL_DATABASE_URL, LOCAL_KAFKA, topic_namespace


def admin_database_url() -> str:
    return os.environ.get("DATABASE_URL") or LOCAL_DATABASE_URL


def topic(event: type[DomainEvent]) -> str:
    """The event's topic in this test run's namespace (DENTALINK_TOPIC_NAMESPACE)."""
    return namespaced(event.topic, topic_namespace())


BENCH = Path(__file__).resolve().parents[4] / "bench"


def run_bench(script: str, *args: str, json_file: Path, timeout: float) -> Any:
    """Run bench/`script` (a platform of its own, faults, measures) as its own process with `--json
    json_file`, print its table (shown with -s or on failure) and return the figures it wrote."""
    run = subprocess.run(  # noqa: S603 — the repository's own bench scripts
        [sys.executable, str(BENCH / script), *args, "--json", str(json_file)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    print(run.stdout)
    assert json_file.exists(), f"bench/{script} did not finish ({run.returncode}):\n{run.stderr[-4000:]}"
    return json.loads(json_file.read_text())


def free_port() -> int:
    """A loopback port nothing listens on now (an ephemeral one the kernel just handed out)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def kafka_bootstrap() -> str:
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or LOCAL_KAFKA


def _asyncpg_dsn(url: str, database: str) -> str:
    return make_url(url).set(drivername="postgresql", database=database).render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_database(label: str) -> AsyncIterator[str]:
    """A new, empty database for one test scope; dropped afterwards. Yields its SQLAlchemy URL."""
    name = f"test_{label}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(_asyncpg_dsn(admin_database_url(), "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield (
            make_url(admin_database_url())
            .set(drivername="postgresql+asyncpg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        admin = await asyncpg.connect(_asyncpg_dsn(admin_database_url(), "postgres"))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@dataclass
class MovableClock:
    """Real time plus an offset: hand it to the app as its clock, then move `offset` forward instead of
    sleeping. An app shared by several tests needs the offset put back (`timedelta()`) afterwards."""

    offset: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class FrozenClock:
    """Time that stands still until the test moves it: for exact window edges (29:59 open, 30:00 not)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@asynccontextmanager
async def database_connection(url: str) -> AsyncIterator[Any]:
    """A plain asyncpg connection to a service's database (its SQLAlchemy URL), to look under the API."""
    connection = await asyncpg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    try:
        yield connection
    finally:
        await connection.close()


def unique_group(label: str) -> str:
    """A consumer group / topic suffix unique to one test run, so runs never see each other's offsets."""
    return f"{label}-{uuid.uuid4().hex[:8]}"


@dataclass
class GatewayKeys:
    """A throwaway gateway key pair: tests mint internal tokens, services get the public half."""

    private: ECKey

    @classmethod
    def generate(cls) -> "GatewayKeys":
        return cls(ECKey.generate_key("P-256", parameters={"kid": "test-gateway"}, private=True))

    @property
    def public_pem(self) -> str:
        return self.private.as_pem(private=False).decode()

    def headers(
        self, caller: CallerContext, *, lifetime: int = 60, now: float | None = None
    ) -> dict[str, str]:
        token = mint_internal_token(self.private, caller, lifetime=lifetime, now=now)
        return {INTERNAL_TOKEN_HEADER: token}


def caller(
    *,
    practice_id: PracticeId = "cabinet-test",
    rpps: str = "10001234567",
    role: Role = Role.DENTIST,
    profession: Profession = Profession.DENTIST,
    specialty: str | None = None,
    finess: str | None = None,
    client_id: str = "vendor-test",
) -> CallerContext:
    return CallerContext(
        client_id=client_id,
        practice_id=practice_id,
        role=role,
        professional=Professional(
            rpps=rpps, profession=profession, specialty=specialty, establishment_finess=finess
        ),
    )


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (migrations, Kafka, consumers) and hand an HTTP client bound to it."""
    async with LifespanManager(app, startup_timeout=90, shutdown_timeout=60) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as client:
            yield client


async def eventually(check: Callable[[], object], *, timeout: float = 20.0, interval: float = 0.1) -> None:
    """Retry an async or sync check until it stops raising AssertionError (no fixed sleeps)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            result = check()
            if asyncio.iscoroutine(result):
                await result
            return
        except AssertionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(interval)


async def send_event(
    event: DomainEvent, *, key: str, event_id: uuid.UUID | None = None, source: str = "/dentalink/tests"
) -> uuid.UUID:
    """Put one event on its topic as a producing service would (CloudEvents binary mode)."""
    envelope = Envelope.wrap(event, id=event_id or uuid.uuid4(), source=source, key=key)
    message_key, value, headers = to_kafka(envelope)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap(), enable_idempotence=True, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic(type(event)), value=value, key=message_key, headers=headers)
    finally:
        await producer.stop()
    return envelope.id


class EventProbe:
    """Reads a topic from the beginning and keeps the events a predicate selects.

    Tests give each run its own practice id and select on it, so events of other runs don't count.
    """

    def __init__(self, event: type[DomainEvent], select: Callable[[Any], bool]) -> None:
        self.event = event
        self.select = select
        self.seen: list[Any] = []
        self.envelopes: list[Envelope] = []
        self._consumer = AIOKafkaConsumer(
            topic(event),
            bootstrap_servers=kafka_bootstrap(),
            group_id=unique_group("probe"),
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> "EventProbe":
        await self._consumer.start()
        self._task = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._consumer.stop()

    async def _read(self) -> None:
        async for record in self._consumer:
            envelope = from_kafka(record.key, record.value, list(record.headers))
            if envelope.type != self.event.event_type:
                continue
            payload = self.event.model_validate(envelope.data)
            if self.select(payload):
                self.seen.append(payload)
                self.envelopes.append(envelope)

    async def wait_for(self, count: int, *, timeout: float = 20.0) -> list[Any]:
        """Wait until at least `count` selected events arrived; returns them all."""

        def enough() -> None:
            assert len(self.seen) >= count, f"{len(self.seen)} of {count} {self.event.__name__} events"

        await eventually(enough, timeout=timeout)
        return list(self.seen)

    async def settle(self, seconds: float = 1.5) -> list[Any]:
        """Give late duplicates a chance to show up, then return what was seen."""
        await asyncio.sleep(seconds)
        return list(self.seen)


# --- Through the public API (e2e): the gateway of a running stack -------------------------------

PROBLEM = "application/problem+json"
GATEWAY = os.environ.get("DENTALINK_GATEWAY_URL", "http://127.0.0.1:8000")

# A fictitious patient known to both the INSi sandbox and the apCV sandbox (TEST OID): what the e2e
# tests and the recovery bench qualify through the gateway.
SANDBOX_MATRICULE = "280012A00400712"
SANDBOX_PATIENT = {"matricule": SANDBOX_MATRICULE, "oid": "1.2.250.1.213.1.4.10"}
SANDBOX_TYPED_TRAITS = {
    "birth_name": "d'Artagnan de l'Hérault",
    "birth_first_names": "Marie-Hélène",
    "birth_date": "1980-01-30",
    "sex": "F",
    "birth_place_code": "2A004",
}


async def until(
    fetch: Callable[[], Awaitable[Any]],
    accept: Callable[[Any], bool],
    *,
    timeout: float = 30.0,
    what: str = "condition",
) -> Any:
    """Poll `fetch` until `accept` holds (events cross services asynchronously); never a fixed sleep."""
    deadline = asyncio.get_running_loop().time() + timeout
    last: Any = None
    while asyncio.get_running_loop().time() < deadline:
        last = await fetch()
        if accept(last):
            return last
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; last: {describe(last)}")


def describe(value: Any) -> str:
    if isinstance(value, httpx.Response):
        return f"{value.status_code} {value.text[:500]}"
    return repr(value)[:500]


def expect(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, describe(response)
    return (
        response.json() if response.content and "json" in response.headers.get("content-type", "") else None
    )


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, describe(response)
    assert response.headers["content-type"].startswith(PROBLEM), describe(response)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://dentalink.fr/problems/")
    assert "Traceback" not in response.text
    return body


def key() -> str:
    return str(uuid.uuid4())


# --- Query plans: what a list or search query costs once a table is big ----------------------------


@asynccontextmanager
async def seeded_database(
    name: str, migrations: Path, seed_sql: str, tables: Iterable[str]
) -> AsyncIterator[Any]:
    """A fresh database migrated to head, filled by `seed_sql` and analysed: the plan tests' ground
    (yields an asyncpg connection)."""
    async with fresh_database(name) as url:
        await upgrade_to_head(migrations, url)
        async with database_connection(url) as connection:
            await connection.execute(seed_sql)
            for table in tables:
                await connection.execute(f"ANALYZE {table}")
            yield connection


def _plan_root(plan_json: Any) -> dict[str, Any]:
    """The root node of an `EXPLAIN (FORMAT JSON)` output: the text, the list it returns, its first
    element or its "Plan" node."""
    if isinstance(plan_json, str):
        plan_json = json.loads(plan_json)
    if isinstance(plan_json, list):
        plan_json = plan_json[0]
    root: dict[str, Any] = plan_json.get("Plan", plan_json)
    return root


def plan_problems(
    plan_json: Any, *, big_tables: frozenset[str] | set[str] | None = None, max_filtered: int = 1000
) -> list[str]:
    """What is wrong with one `EXPLAIN (FORMAT JSON)` output (ANALYZE or not), as readable lines.

    A problem is a sequential scan (of a table in `big_tables`, or of any table when None), or a node
    that discards more than `max_filtered` rows (a page's worth) by its filter, join filter or index
    recheck: the actual counts under ANALYZE (times loops), and under a plain EXPLAIN a node whose
    estimate alone is above the bound with a filter to apply. `plan_json` is the list EXPLAIN
    returns, its first element, or its "Plan" node.
    """
    root = _plan_root(plan_json)
    problems: list[str] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        kind = str(node.get("Node Type", "?"))
        relation = node.get("Relation Name")
        where = f"{kind}" + (f" on {relation}" if relation else "") + f" (depth {depth})"
        if kind == "Seq Scan" and (big_tables is None or relation in big_tables):
            problems.append(f"{where}: sequential scan")
        loops = int(node.get("Actual Loops", 1) or 1)
        for counter in (
            "Rows Removed by Filter",
            "Rows Removed by Join Filter",
            "Rows Removed by Index Recheck",
        ):
            removed = node.get(counter)
            if removed is not None and removed * loops > max_filtered:
                problems.append(f"{where}: {counter.lower()} {removed * loops} > {max_filtered}")
        analyzed = "Actual Rows" in node
        filtered = any(key in node for key in ("Filter", "Join Filter"))
        if not analyzed and filtered and float(node.get("Plan Rows", 0)) > max_filtered:
            problems.append(f"{where}: estimated {node['Plan Rows']} rows through a filter > {max_filtered}")
        for child in node.get("Plans", []):
            walk(child, depth + 1)

    walk(root, 0)
    return problems


_SCANS = frozenset({"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan"})


@dataclass(frozen=True)
class PlanWork:
    """What one execution did, from `EXPLAIN (ANALYZE, FORMAT JSON)`: the rows its table scans read
    (kept or discarded by a filter or recheck, times loops) and the rows it returned. Unlike a time,
    it does not move with what else the machine runs: the figure that says whether a plan stays flat."""

    rows_read: int
    rows_returned: int

    @property
    def read_per_row(self) -> float:
        """Rows read per row returned (an empty answer counts as one row)."""
        return self.rows_read / max(1, self.rows_returned)


def plan_work(plan_json: Any) -> PlanWork:
    """The `PlanWork` of one analysed plan (`plan_json` as `plan_problems` takes it)."""
    root = _plan_root(plan_json)
    read = 0

    def walk(node: dict[str, Any]) -> None:
        nonlocal read
        if node.get("Node Type") in _SCANS:
            loops = int(node.get("Actual Loops", 1) or 1)
            kept = float(node.get("Actual Rows", 0))
            discarded = sum(
                float(node.get(counter, 0))
                for counter in ("Rows Removed by Filter", "Rows Removed by Index Recheck")
            )
            read += round((kept + discarded) * loops)
        for child in node.get("Plans", []):
            walk(child)

    walk(root)
    return PlanWork(read, int(root.get("Actual Rows", 0)))


async def explain_plans(connection: Any, statement: Any, *, analyze: bool = True) -> dict[str, Any]:
    """`EXPLAIN (FORMAT JSON)` of a SQLAlchemy statement as the service sends it (asyncpg dialect,
    `$n` parameters), once as a custom plan (planned for these values) and once as the generic plan
    PostgreSQL switches to after five executions of a prepared statement (planned blind to them):
    `{"custom": plan, "generic": plan}`. `connection` is a plain asyncpg connection
    (`database_connection`); the statement is PREPAREd there and executed with its values as literals.
    """
    from sqlalchemy import literal
    from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
    from sqlalchemy.exc import CompileError

    dialect = asyncpg_dialect()  # type: ignore[no-untyped-call]
    compiled = statement.compile(dialect=dialect)
    values = []
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        value = compiled.params[name]
        try:
            rendered = str(
                literal(value, bind.type).compile(dialect=dialect, compile_kwargs={"literal_binds": True})
            )
        except CompileError:  # JSON and the like: the driver's form, as a string the $n type casts
            processor = bind.type.bind_processor(dialect)
            processed = processor(value) if processor else value
            rendered = "'" + str(processed).replace("'", "''") + "'"
        values.append(rendered)
    name = f"plan_{uuid.uuid4().hex[:12]}"
    await connection.execute(f"PREPARE {name} AS {compiled}")
    options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze else "FORMAT JSON"
    execute = f"EXECUTE {name}({', '.join(values)})" if values else f"EXECUTE {name}"
    plans: dict[str, Any] = {}
    try:
        for mode in ("custom", "generic"):
            await connection.execute(f"SET plan_cache_mode = force_{mode}_plan")
            plans[mode] = json.loads(await connection.fetchval(f"EXPLAIN ({options}) {execute}"))
    finally:
        await connection.execute("RESET plan_cache_mode")
        await connection.execute(f"DEALLOCATE {name}")
    return plans


class _NoRows:
    """What `StatementRecorder` answers: a result without rows, in the shapes stores read."""

    def __iter__(self) -> Any:
        return iter(())

    def scalars(self) -> "_NoRows":
        return self

    def mappings(self) -> "_NoRows":
        return self

    def all(self) -> list[Any]:
        return []

    def first(self) -> None:
        return None

    def scalar_one_or_none(self) -> None:
        return None


async def plans_with_problems(
    connection: Any, statements: dict[str, Any], *, big_tables: set[str], max_filtered: int = 1000
) -> dict[str, list[str]]:
    """`plan_problems` of each named statement, custom and generic plans: empty when all are flat."""
    found: dict[str, list[str]] = {}
    for name, statement in statements.items():
        for mode, plan in (await explain_plans(connection, statement)).items():
            problems = plan_problems(plan, big_tables=big_tables, max_filtered=max_filtered)
            if problems:
                found[f"{name} [{mode}]"] = problems
    return found


@dataclass
class StatementRecorder:
    """A stand-in for a store's `AsyncSession` that keeps the statements the store builds and answers
    no rows: a plan test runs a store method on it, then EXPLAINs exactly what it would have sent."""

    statements: list[Any] = field(default_factory=list)

    async def execute(self, statement: Any, *_: Any, **__: Any) -> _NoRows:
        self.statements.append(statement)
        return _NoRows()

    async def scalars(self, statement: Any, *_: Any, **__: Any) -> _NoRows:
        self.statements.append(statement)
        return _NoRows()

    async def scalar(self, statement: Any, *_: Any, **__: Any) -> None:
        self.statements.append(statement)
        return None

    async def connection(self) -> "StatementRecorder":
        """What a store reading plain rows executes on (the session's connection): this recorder."""
        return self

    def last(self) -> Any:
        statement = self.statements[-1]
        self.statements.clear()
        return statement


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        kind = _LOADED_AS.get((tag, named.get("rel") or ""), _LOADED_AS.get((tag, ""), "text/html"))
        self.found += [(value, kind) for name, value in attrs if name in ("href", "src") and value]


# The content type a resource must have, by the element that references it: what a page loads
# (scripts, style sheets, icons, images) and, for links, a page or a document of any kind.
_LOADED_AS = {
    ("script", ""): "text/javascript",
    ("link", "stylesheet"): "text/css",
    ("link", "icon"): "image/",
    ("img", ""): "image/",
    ("a", ""): "",
}


def page_references(page: str) -> list[str]:
    """Every URL an HTML page loads or links to (its `src` and `href` attributes)."""
    parser = _References()
    parser.feed(page)
    return [url for url, _ in parser.found]


async def assert_served_offline(http: httpx.AsyncClient, path: str) -> list[str]:
    """The docs page at `path` names no other host, and every resource it loads or links to answers
    200 from this server, what it loads with its content type. Returns the references."""
    page = await http.get(path)
    assert page.status_code == 200, describe(page)
    assert page.headers["content-type"].startswith("text/html")
    assert "http://" not in page.text and "https://" not in page.text, "an absolute URL in the page"
    parser = _References()
    parser.feed(page.text)
    assert parser.found, "the page references nothing"
    for reference, content_type in parser.found:
        assert reference.startswith("/") and not reference.startswith("//"), reference
        answer = await http.get(reference)
        assert answer.status_code == 200, f"{reference}: {describe(answer)}"
        assert answer.headers["content-type"].startswith(content_type), (reference, answer.headers)
    return [url for url, _ in parser.found]
