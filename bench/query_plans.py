"""p50/p95 of the list and search queries the issue names, at 10 k / 100 k / 1 M rows.

For each size: a fresh database per service (ins, billing) migrated to head, seeded with INSERT ...
SELECT generate_series (the whole size in one practice for identities; 9 in 10 invoices in one
practice, three years of acts), ANALYZE, then each query run through SQLAlchemy + asyncpg as the
service sends it (prepared statements: after five runs PostgreSQL may switch to a generic plan,
which is the case the issue measured). 'before' is the old query text on the old schema (the
billing indexes of migration 0003 dropped, the GIN index's fastupdate back on); 'after' is the
store's query on head.

    uv run --no-sync python bench/query_plans.py [--sizes 10k,100k,1M] [--runs 200]
"""

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for tests in ("services/ins-service/tests/integration", "services/billing-service/tests/integration"):
    sys.path.insert(0, str(ROOT / tests))

from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine  # noqa: E402
from sqlmodel import col, select  # noqa: E402

from billing_service.main import MIGRATIONS as BILLING_MIGRATIONS  # noqa: E402
from billing_service.models import TeleExpertiseInvoice  # noqa: E402
from billing_service.store import InvoiceFilter, SqlBillingStore  # noqa: E402
from ins_service.main import MIGRATIONS as INS_MIGRATIONS  # noqa: E402
from ins_service.models import IdentityRow  # noqa: E402
from ins_service.store import IdentitySearch, find_query, holds_matricule  # noqa: E402
from servicekit.migrations import upgrade_to_head  # noqa: E402
from servicekit.testing import StatementRecorder, database_connection, fresh_database  # noqa: E402

PAGE = 50


def ins_seed(n: int) -> str:
    import test_ins_query_plans as plans  # the plan test's seed, scaled: n in the practice, n/10 beside

    rows, total = f"{plans.ROWS}", f"{plans.ROWS + 10_000}"
    return (
        plans.SEED.replace(f"generate_series(1, {total})", f"generate_series(1, {n + n // 10})")
        .replace(f"generate_series(1, {rows})", f"generate_series(1, {n})")
        .replace(f"i <= {rows}", f"i <= {n}")
    )


def billing_seed(n: int) -> str:
    import test_billing_query_plans as plans

    seed = plans.SEED.replace(f"generate_series(1, {plans.ROWS})", f"generate_series(1, {n})")
    # Three years of acts whatever the size: one act every (3 years / n).
    minutes = max(1, round(3 * 365 * 24 * 60 / n * 1000)) / 1000
    return seed.replace("INTERVAL '16 minutes'", f"INTERVAL '{minutes} minutes'")


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = 1_000_000 if text.endswith("m") else 1_000 if text.endswith("k") else 1
    return int(float(text.rstrip("mk")) * factor)


async def timed(url: str, statement: Callable[[], Any], runs: int) -> tuple[float, float]:
    engine = create_async_engine(url, pool_size=1)
    try:
        async with AsyncSession(engine) as session:
            samples = []
            for run in range(runs + 10):
                started = time.perf_counter()
                (await session.execute(statement())).all()
                if run >= 10:  # past the switch to a generic plan, if PostgreSQL makes it
                    samples.append((time.perf_counter() - started) * 1000)
                await session.rollback()
        samples.sort()
        return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]
    finally:
        await engine.dispose()


def old_matricule_search(practice: str, matricule: str) -> Any:
    return (
        select(IdentityRow)
        .where(col(IdentityRow.practice_id) == practice, holds_matricule(matricule))
        .order_by(col(IdentityRow.created_at), col(IdentityRow.id))
        .limit(PAGE + 1)
    )


def old_invoices(where: InvoiceFilter) -> Any:
    """The invoice list as it was: the same filters, walked in (created_at, id) order."""
    query = select(TeleExpertiseInvoice).where(col(TeleExpertiseInvoice.practice_id) == "cabinet-big")
    if where.patient_key is not None:
        query = query.where(col(TeleExpertiseInvoice.patient_key) == where.patient_key)
    if where.start is not None and where.end is not None:
        query = query.where(col(TeleExpertiseInvoice.performed_on).between(where.start, where.end))
    return query.order_by(col(TeleExpertiseInvoice.created_at), col(TeleExpertiseInvoice.id)).limit(PAGE + 1)


async def new_invoices(where: InvoiceFilter) -> Any:
    recorder = StatementRecorder()
    await SqlBillingStore(recorder).invoices("cabinet-big", where, None, PAGE)  # type: ignore[arg-type]
    return recorder.last()


async def bench_size(n: int, runs: int) -> list[tuple[str, int, str, str]]:
    rows: list[tuple[str, int, str, str]] = []

    def cell(timing: tuple[float, float] | None) -> str:
        return "—" if timing is None else f"{timing[0]:7.2f} / {timing[1]:7.2f}"

    async with fresh_database("bench_ins") as url:
        await upgrade_to_head(INS_MIGRATIONS, url)
        async with database_connection(url) as connection:
            await connection.execute(ins_seed(n))
            await connection.execute("ANALYZE identities")
        old_one, new_one = max(1, n // 50), n // 2  # an old identity, and one in the middle
        searches = {
            "matricule search (current INS, old identity)": "M" + str(old_one).rjust(14, "0"),
            "matricule search (current INS, mid identity)": "M" + str(new_one).rjust(14, "0"),
            "matricule search (previous INS)": "P" + str((n // 40) * 20).rjust(14, "0"),
            "matricule search (absent)": "M" + str(n + 17).rjust(14, "0"),
        }
        after = {}
        for name, matricule in searches.items():
            after[name] = await timed(
                url, lambda m=matricule: find_query("cabinet-big", IdentitySearch(m), None, PAGE), runs
            )
        async with database_connection(url) as connection:
            await connection.execute("ALTER INDEX identities_previous_ins_idx SET (fastupdate = on)")
        for name, matricule in searches.items():
            before = await timed(url, lambda m=matricule: old_matricule_search("cabinet-big", m), runs)
            rows.append((name, n, cell(before), cell(after[name])))

    async with fresh_database("bench_billing") as url:
        await upgrade_to_head(BILLING_MIGRATIONS, url)
        async with database_connection(url) as connection:
            await connection.execute(billing_seed(n))
            await connection.execute("ANALYZE tele_expertise_invoices")
            import hashlib

            patient = "pk_" + hashlib.md5(b"patient4242").hexdigest()
            last_day = await connection.fetchval(
                "SELECT max(performed_on) FROM tele_expertise_invoices WHERE practice_id = 'cabinet-big'"
            )
        month_start = last_day.replace(day=1) - timedelta(days=1)
        month = (month_start.replace(day=1), month_start)  # the last full month
        filters = {
            "invoices ?patient=": InvoiceFilter(patient_key=patient),
            "invoices one month (the last full one)": InvoiceFilter(start=month[0], end=month[1]),
            "invoices one month, early (2023-02)": InvoiceFilter(
                start=date(2023, 2, 1), end=date(2023, 2, 28)
            ),
        }
        after = {}
        for name, where in filters.items():
            statement = await new_invoices(where)
            after[name] = await timed(url, lambda s=statement: s, runs)
        async with database_connection(url) as connection:
            for index in (
                "tele_expertise_invoices_patient_idx",
                "tele_expertise_invoices_practitioner_idx",
                "tele_expertise_invoices_status_idx",
                "tele_expertise_invoices_performed_idx",
            ):
                await connection.execute(f"DROP INDEX {index}")
        for name, where in filters.items():
            before = await timed(url, lambda w=where: old_invoices(w), runs)
            rows.append((name, n, cell(before), cell(after[name])))
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    results: list[tuple[str, int, str, str]] = []
    for size in args.sizes.split(","):
        n = parse_size(size)
        started = time.monotonic()
        results += await bench_size(n, args.runs)
        print(f"# {n:>9,} rows done in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    print("\n| query | rows | before p50 / p95 (ms) | after p50 / p95 (ms) |\n| --- | ---: | ---: | ---: |")
    for name, n, before, after in sorted(results, key=lambda row: (row[0], row[1])):
        print(f"| {name} | {n:,} | {before} | {after} |")


if __name__ == "__main__":
    asyncio.run(main())
