"""p50/p95 of every list and search query the plan tests cover, at 10 k / 100 k / 1 M rows, after and
before issue 15's plan work.

For each size and service: a fresh database migrated to head and seeded by the service's plan test
(its `seed(rows)`: INSERT ... SELECT generate_series, the test's distributions with `rows` per table),
ANALYZE, then each query the plan test checks, built by the service's store as it sends it, is run
through SQLAlchemy + asyncpg and timed. Statements are prepared, so after five runs PostgreSQL may
switch to a generic plan (the case the issue measured); the first runs are warm-up. Each query's
plans (custom and generic) are also checked as the test checks them, from 100 k rows (the tests'
size; below it a sequential scan of a small table is a sound plan): a query with a sequential scan or
more than a page's worth of rows filtered is marked `✗`.

'before' is the service as it was before issue 15's plan work: its database downgraded to the
revision before that work (`Service.before`), and the queries the store now writes differently in
their old form (`Service.old`); the other queries run unchanged on the old schema.

    uv run --no-sync python bench/query_plans.py [--sizes 10k,100k,1m] [--services ins,billing,...]
        [--runs 200] [--budget 2] [--json FILE]

`--json FILE` writes one object per (service, query, rows): p50/p95 after and before (ms), and the
after plan's problems, for a report to fold into its table.
"""

import argparse
import asyncio
import importlib
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

from alembic import command  # noqa: E402
from sqlalchemy import literal, or_, select, tuple_  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine  # noqa: E402
from sqlmodel import col  # noqa: E402

from servicekit.migrations import alembic_config, upgrade_to_head  # noqa: E402
from servicekit.testing import (  # noqa: E402
    PlanWork,
    database_connection,
    explain_plans,
    fresh_database,
    plan_problems,
    plan_work,
)

PAGE = 50
# Plans are checked from the size the plan tests seed: below it, scanning a small table is what a
# planner should pick.
PLAN_CHECK_ROWS = 100_000
WARM_UP = 10
MIN_RUNS = 10

Statements = dict[str, Any]


@dataclass(frozen=True)
class Service:
    """One service's plan test, migrations, and what 'before' means for it."""

    name: str
    test: str  # the plan test module, as a path from the repository root without `.py`
    migrations: Callable[[], Path]
    before: str  # the revision before issue 15's plan work
    statements: Callable[[ModuleType, int], Awaitable[Statements]]
    old: Callable[[ModuleType, int], Statements] = lambda _, __: {}

    def module(self) -> ModuleType:
        folder, name = (ROOT / self.test).parent, (ROOT / self.test).name
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
        return importlib.import_module(name)


# --- the queries as the stores wrote them before -------------------------------------------------


def _walk(query: Any, created_at: Any, row_id: Any, after: Any, limit: int) -> Any:
    if after is not None:
        query = query.where(tuple_(created_at, row_id) > tuple_(literal(after[0]), literal(after[1])))
    return query.order_by(created_at, row_id).limit(limit)


def old_ins(plans: ModuleType, rows: int) -> Statements:
    """The search as one OR per condition over the practice (ins-service before migration 0003)."""
    from ins_service.models import IdentityRow
    from ins_service.store import has_traits, holds_matricule

    found = {}
    for name, (search, after) in plans.searches(rows).items():
        query = select(IdentityRow).where(col(IdentityRow.practice_id) == plans.PRACTICE)
        if search.matricule is not None:
            query = query.where(holds_matricule(search.matricule))
        if search.traits is not None:
            traits = search.traits
            query = query.where(
                has_traits(traits.birth_name, traits.birth_date, traits.first_name, traits.sex)
            )
        found[name] = _walk(query, col(IdentityRow.created_at), col(IdentityRow.id), after, PAGE + 1)
    return found


def old_billing(plans: ModuleType, rows: int) -> Statements:
    """Invoices walked in decision order with every filter applied on the way; a period's signed
    care-sheet lines found by act day and joined to their sheets (billing-service before 0003)."""
    from billing_service.models import CareSheetLineRow, CareSheetRow, TeleExpertiseInvoice

    invoice = TeleExpertiseInvoice
    found = {}
    for name, (where, after) in plans.invoice_lists().items():
        query = select(invoice).where(col(invoice.practice_id) == plans.PRACTICE)
        for column, value in (
            (invoice.practitioner_rpps, where.practitioner_rpps),
            (invoice.patient_key, where.patient_key),
            (invoice.status, where.status.value if where.status else None),
        ):
            if value is not None:
                query = query.where(col(column) == value)
        if where.start is not None:
            query = query.where(col(invoice.performed_on) >= where.start)
        if where.end is not None:
            query = query.where(col(invoice.performed_on) <= where.end)
        found[name] = _walk(query, col(invoice.created_at), col(invoice.id), after, PAGE + 1)
    line = CareSheetLineRow.__table__.c  # type: ignore[attr-defined]
    for dentist, name in ((None, ""), (plans.DENTIST, ", one dentist")):
        query = (
            select(
                col(CareSheetRow.id),
                col(CareSheetRow.practitioner_rpps),
                line.act_code,
                line.label,
                line.performed_on,
                line.unit_cents,
                line.quantity,
                line.tariff_source,
            )
            .join_from(CareSheetRow, CareSheetLineRow, line.care_sheet_id == col(CareSheetRow.id))
            .where(
                col(CareSheetRow.practice_id) == plans.PRACTICE,
                col(CareSheetRow.status) == "signed",
                line.performed_on >= plans.MONTH[0],
                line.performed_on <= plans.MONTH[1],
            )
        )
        if dentist is not None:
            query = query.where(col(CareSheetRow.practitioner_rpps) == dentist)
        found[f"summary: signed care-sheet lines of a month{name}"] = query.order_by(line.performed_on)
    return found


def old_telemed(plans: ModuleType, rows: int) -> Statements:
    """The list as one OR of the caller's sides, walked in (created_at, id) order (before 0003)."""
    from telemed_service.domain import PartyFilter
    from telemed_service.models import ExpertiseRow

    found = {}
    for name, case in plans.cases().items():
        requerant = col(ExpertiseRow.requerant_practice_id) == case["practice_id"]
        requis = or_(
            col(ExpertiseRow.requis_rpps) == case["rpps"],
            col(ExpertiseRow.requis_practice_id) == case["practice_id"],
        )
        side = {PartyFilter.REQUERANT: requerant, PartyFilter.REQUIS: requis}.get(
            case["party"], or_(requerant, requis)
        )
        query = select(ExpertiseRow).where(side)
        if case["status"] is not None:
            query = query.where(col(ExpertiseRow.status) == case["status"].value)
        found[name] = _walk(
            query, col(ExpertiseRow.created_at), col(ExpertiseRow.id), case["after"], case["limit"]
        )
    return found


# --- the services ---------------------------------------------------------------------------------


async def _sync(statements: Callable[[], Statements]) -> Statements:
    return statements()


def _migrations(module: str) -> Callable[[], Path]:
    return lambda: Path(importlib.import_module(module).MIGRATIONS)


SERVICES = [
    Service(
        "ins",
        "services/ins-service/tests/integration/test_ins_query_plans",
        _migrations("ins_service.main"),
        "0002",
        lambda plans, rows: _sync(lambda: plans.queries(rows)),
        old_ins,
    ),
    Service(
        "billing",
        "services/billing-service/tests/integration/test_billing_query_plans",
        _migrations("billing_service.main"),
        "0002",
        lambda plans, rows: plans.statements(),
        old_billing,
    ),
    Service(
        "vitale",
        "services/vitale-service/tests/integration/test_vitale_query_plans",
        _migrations("vitale_service.main"),
        "0002",
        lambda plans, rows: plans.statements(),
    ),
    Service(
        "telemed",
        "services/telemed-service/tests/integration/test_telemed_query_plans",
        _migrations("telemed_service.main"),
        "0002",
        lambda plans, rows: plans.statements(),
        old_telemed,
    ),
    Service(
        "gateway",
        "gateway/tests/integration/test_gateway_audit_query_plans",
        _migrations("gateway.main"),
        "0004",
        lambda plans, rows: plans.statements(),
    ),
    Service(
        "dmp",
        "services/dmp-service/tests/integration/test_dmp_query_plans",
        _migrations("dmp_service.main"),
        "0002",
        lambda plans, rows: plans.statements(),
    ),
]


# --- measuring ------------------------------------------------------------------------------------


@dataclass
class Timing:
    p50: float
    p95: float
    runs: int


@dataclass
class Result:
    service: str
    query: str
    rows: int
    after: Timing | None = None
    before: Timing | None = None
    after_plan_problems: list[str] = field(default_factory=list)
    # The rows the plan read and returned, of the worse of its custom and generic plans (after).
    work: PlanWork | None = None


async def analysed(
    connection: Any, statements: Statements, *, big_tables: set[str] | None
) -> tuple[dict[str, list[str]], dict[str, PlanWork]]:
    """Each statement EXPLAIN ANALYZEd once per plan kind (custom, generic): its plan problems under
    `name [kind]`, as `plans_with_problems` names them (none asked when `big_tables` is None), and its
    `PlanWork` under the plan that reads more rows per row returned (a prepared statement may run
    either)."""
    problems: dict[str, list[str]] = {}
    works: dict[str, PlanWork] = {}
    for name, statement in statements.items():
        plans = await explain_plans(connection, statement)
        for mode, plan in plans.items():
            if big_tables is not None and (found := plan_problems(plan, big_tables=big_tables)):
                problems[f"{name} [{mode}]"] = found
        works[name] = max((plan_work(plan) for plan in plans.values()), key=lambda work: work.read_per_row)
    return problems, works


async def timed(url: str, statements: Statements, runs: int, budget: float) -> dict[str, Timing]:
    """Each statement run `runs` times (or for `budget` seconds, `MIN_RUNS` at least) after `WARM_UP`
    runs, on one connection, as the service runs it."""
    engine = create_async_engine(url, pool_size=1)
    timings = {}
    try:
        async with AsyncSession(engine) as session:
            for name, statement in statements.items():
                samples: list[float] = []
                deadline = time.perf_counter() + budget
                for run in range(WARM_UP + runs):
                    started = time.perf_counter()
                    (await session.execute(statement)).all()
                    if run >= WARM_UP:
                        samples.append((time.perf_counter() - started) * 1000)
                    await session.rollback()
                    if len(samples) >= MIN_RUNS and time.perf_counter() > deadline:
                        break
                samples.sort()
                p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
                timings[name] = Timing(statistics.median(samples), p95, len(samples))
    finally:
        await engine.dispose()
    return timings


async def seeded(connection: Any, seed: str) -> None:
    """Run the seed with the indexes that back no constraint set aside, then built again: one sort
    per index is much faster than a million insertions into each (1 M rows)."""
    indexes = await connection.fetch(
        """SELECT indexname, indexdef FROM pg_indexes
           WHERE schemaname = 'public'
             AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u', 'x'))"""
    )
    await connection.execute("SET maintenance_work_mem = '256MB'")
    for index in indexes:
        await connection.execute(f'DROP INDEX "{index["indexname"]}"')
    await connection.execute(seed)
    for index in indexes:
        await connection.execute(index["indexdef"])


async def bench_service(service: Service, rows: int, runs: int, budget: float) -> list[Result]:
    plans = service.module()
    migrations = service.migrations()
    async with fresh_database(f"bench_{service.name}") as url:
        await upgrade_to_head(migrations, url)
        async with database_connection(url) as connection:
            await seeded(connection, plans.seed(rows))
            for table in plans.BIG:
                await connection.execute(f"ANALYZE {table}")
            statements = await service.statements(plans, rows)
            checked = set(plans.BIG) if rows >= PLAN_CHECK_ROWS else None
            problems, works = await analysed(connection, statements, big_tables=checked)
        results = {name: Result(service.name, name, rows, work=works[name]) for name in statements}
        for name, timing in (await timed(url, statements, runs, budget)).items():
            results[name].after = timing
            results[name].after_plan_problems = [
                f"[{mode}] {problem}"
                for mode in ("custom", "generic")
                for problem in problems.get(f"{name} [{mode}]", [])
            ]
        await asyncio.to_thread(command.downgrade, alembic_config(migrations, url), service.before)
        async with database_connection(url) as connection:
            for table in plans.BIG:
                await connection.execute(f"ANALYZE {table}")
        before = statements | service.old(plans, rows)
        for name, timing in (await timed(url, before, runs, budget)).items():
            results[name].before = timing
    return list(results.values())


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = 1_000_000 if text.endswith("m") else 1_000 if text.endswith("k") else 1
    return int(float(text.rstrip("mk")) * factor)


def table(results: list[Result], sizes: list[int]) -> str:
    def cells(timings: list[Timing | None]) -> str:
        return " / ".join("—" if t is None else f"{t.p95:.2f}" for t in timings)

    by_query: dict[tuple[str, str], dict[int, Result]] = {}
    for result in results:
        by_query.setdefault((result.service, result.query), {})[result.rows] = result
    heading = " / ".join(f"{size:,}" for size in sizes)
    lines = [
        f"| service | query | after p95 (ms) at {heading} rows | before p95 (ms) | rows read / returned "
        "| flat plan |",
        "| --- | --- | ---: | ---: | ---: | :---: |",
    ]
    for (service, query), per_size in by_query.items():
        found = [per_size.get(size) for size in sizes]
        after = cells([r.after if r else None for r in found])
        before = cells([r.before if r else None for r in found])
        work = " / ".join(
            "—" if r is None or r.work is None else f"{r.work.rows_read:,}/{r.work.rows_returned:,}"
            for r in found
        )
        unflat = [f"{r.rows:,}" for r in found if r and r.after_plan_problems]
        flat = f"✗ at {', '.join(unflat)}" if unflat else "✓"
        lines.append(f"| {service} | {query} | {after} | {before} | {work} | {flat} |")
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--services", default=",".join(service.name for service in SERVICES))
    parser.add_argument("--runs", type=int, default=200, help="timed runs per query (after warm-up)")
    parser.add_argument(
        "--budget", type=float, default=2.0, help=f"seconds per query, {MIN_RUNS} runs at least"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [parse_size(size) for size in args.sizes.split(",")]
    chosen = [service for service in SERVICES if service.name in args.services.split(",")]
    results: list[Result] = []
    started = time.monotonic()
    for rows in sizes:
        for service in chosen:
            began = time.monotonic()
            results += await bench_service(service, rows, args.runs, args.budget)
            print(
                f"# {service.name} at {rows:,} rows: {time.monotonic() - began:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    print(f"# all done in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    print(table(results, sizes))
    problems = [r for r in results if r.after_plan_problems]
    for result in problems:
        print(f"\n✗ {result.service} {result.query} at {result.rows:,}: {result.after_plan_problems}")
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(result) for result in results], indent=1) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
