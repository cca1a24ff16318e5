"""Plans that stay flat: every list of dmp-service, 100 k rows per table, plans no sequential scan and
filters no more than a page's worth of rows, as a custom plan and as the generic plan a prepared
statement switches to.

The access log grows with every read of a record, so one patient holds all 100 k entries here, 9 in
10 from one practice, and the list asks for another practice's. The other lists are one record's
documents, profile entries, related profiles, messages, appointments and refusals: those tables
grow with the number of patients, so their rows are spread over 1 000 records (100 each), and a
filter within a record reads at most that record.
"""

import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from dmp_service.domain import PushStatus
from dmp_service.main import MIGRATIONS
from dmp_service.store import DocumentFilters, SqlDmpStore
from servicekit.pagination import encode_cursor
from servicekit.testing import StatementRecorder, plans_with_problems, seeded_database

ROWS = 100_000
BIG = {
    "access_log",
    "access_refusals",
    "documents",
    "document_versions",
    "profile_entries",
    "related_profiles",
    "messages",
    "appointments",
}
START = "TIMESTAMPTZ '2024-01-01 08:00+00'"


def seed(rows: int) -> str:
    """`rows` rows per table over ~70 days whatever their number (one a minute at 100 k); the record
    lists' rows spread over `rows / 100` records (bench/query_plans.py seeds other sizes)."""
    records = max(rows // 100, 10)
    record = f"md5('record' || (i % {records}))::uuid"
    every = f"INTERVAL '{100_000 / rows:.4f} minutes'"
    return f"""
INSERT INTO patient_records (id, matricule, oid, patient_key, birth_date, sex, identity_status, qualified_at,
                             updated_at)
SELECT md5('record' || i)::uuid, lpad(i::text, 15, '0'), '1.2.250.1.213.1.4.8', 'pk_' || md5('patient' || i),
       DATE '1980-01-01' + i, 'F', 'QUAL', {START}, {START}
FROM generate_series(0, {records} - 1) AS i;

INSERT INTO access_log (id, patient_key, actor_rpps, actor_role, practice_id, client_id, channel, operation,
                        area, outcome, created_at)
SELECT md5('access' || i)::uuid, 'pk_' || md5('patient0'), '1000000000' || (i % 5), 'dentist',
       CASE WHEN i % 10 = 0 THEN 'cabinet-' || (i % 7) ELSE 'cabinet-busy' END, 'vendor', 'api',
       'read-documents', 'documents', CASE WHEN i % 20 = 0 THEN 'denied' ELSE 'allowed' END,
       {START} + i * {every}
FROM generate_series(1, {rows}) AS i;

INSERT INTO access_refusals (id, record_id, rpps, areas, requested_by, recorded_at, recorded_by_rpps,
                             recorded_by_practice, revoked_at, created_at)
SELECT md5('refusal' || i)::uuid, {record}, '1000000000' || (i % 5), ARRAY['documents'], 'patient',
       {START} + i * {every}, '10000000001', 'cabinet-1',
       CASE WHEN i % 10 <> 0 THEN {START} + i * {every} + INTERVAL '1 day' END,
       {START} + i * {every}
FROM generate_series(1, {rows}) AS i;

INSERT INTO documents (id, record_id, source, current_version, created_at)
SELECT md5('document' || i)::uuid, {record}, CASE WHEN i % 3 = 0 THEN 'telemed' ELSE 'practice' END, 1,
       {START} + i * {every}
FROM generate_series(1, {rows}) AS i;

INSERT INTO document_versions (id, document_id, number, type_code, title, author_rpps, date_of_care,
                               content_type, size_bytes, sha256, filed_at, push_status)
SELECT md5('version' || i)::uuid, md5('document' || i)::uuid, 1, 'type-' || (i % 8), 'Title', '10000000001',
       DATE '2024-01-01' + (i % 700), 'application/pdf', 1000, md5('content' || i) || md5('more' || i),
       {START} + i * {every}, CASE WHEN i % 50 = 0 THEN 'queued' ELSE 'pushed' END
FROM generate_series(1, {rows}) AS i;

INSERT INTO profile_entries (id, record_id, section, current_version, removed, created_at)
SELECT md5('entry' || i)::uuid, {record}, (ARRAY['allergies', 'treatments', 'history', 'habits'])[i % 4 + 1],
       1, i % 5 = 0, {START} + i * {every}
FROM generate_series(1, {rows}) AS i;

-- A parent's children are the next records; one met again (few records) was detached before.
INSERT INTO related_profiles (id, parent_record_id, child_record_id, relationship, attached_at,
                              attached_by_rpps, attached_by_practice, detached_at, created_at)
SELECT md5('related' || i)::uuid, {record},
       md5('record' || ((i % {records} + 1 + (i / {records}) % ({records} - 1)) % {records}))::uuid,
       'child', {START} + i * {every}, '10000000001', 'cabinet-1',
       CASE WHEN i / {records} >= {records} - 1 THEN {START} END, {START} + i * {every}
FROM generate_series(1, {rows}) AS i;

INSERT INTO messages (id, record_id, sender_rpps, sender_practice, subject, body, sent_at, created_at)
SELECT md5('message' || i)::uuid, {record}, '1000000000' || (i % 10), 'cabinet-1', 'Subject', 'Body',
       {START} + i * {every}, {START} + i * {every}
FROM generate_series(1, {rows}) AS i;

INSERT INTO appointments (id, record_id, starts_at, title, added_by, created_by_rpps, practice_id,
                          cancelled_at, created_at)
SELECT md5('appointment' || i)::uuid, {record}, {START} + i * INTERVAL '1 hour', 'Check-up', 'practice',
       '10000000001', 'cabinet-1', CASE WHEN i % 10 = 0 THEN {START} END, {START} + i * {every}
FROM generate_series(1, {rows}) AS i;
"""


SEED = seed(ROWS)


@pytest.fixture(scope="module")
async def seeded() -> AsyncIterator[Any]:
    async with seeded_database("dmp_plans", MIGRATIONS, SEED, BIG) as connection:
        yield connection


PAGE = 50
CURSOR = encode_cursor(datetime(2024, 1, 20, tzinfo=UTC), uuid.UUID(int=0))


def record(i: int) -> uuid.UUID:
    return uuid.UUID(hashlib.md5(f"record{i}".encode()).hexdigest())


async def statements() -> dict[str, Any]:
    recorder = StatementRecorder()
    store = SqlDmpStore(recorder)  # type: ignore[arg-type]
    found = {}
    patient = "pk_" + hashlib.md5(b"patient0").hexdigest()
    for cursor in (None, CURSOR):
        after = " after a cursor" if cursor else ""
        await store.access_log_page(patient, "cabinet-3", cursor=cursor, limit=PAGE)
        found[f"access log of another practice{after}"] = recorder.last()
        await store.access_log_page(patient, "cabinet-busy", cursor=cursor, limit=PAGE)
        found[f"access log of the busy practice{after}"] = recorder.last()
        for revoked in (True, False):
            await store.refusals_page(record(7), include_revoked=revoked, cursor=cursor, limit=PAGE)
            found[f"refusals, revoked too={revoked}{after}"] = recorder.last()
        for name, filters in {
            "": DocumentFilters(),
            " ?type_code=": DocumentFilters(type_code="type-3"),
            " ?date_of_care=": DocumentFilters(
                date_of_care_from=date(2024, 3, 1), date_of_care_to=date(2024, 6, 30)
            ),
            " ?source=": DocumentFilters(source="telemed"),
            " ?push_status=": DocumentFilters(push_status=PushStatus.QUEUED),
        }.items():
            await store.documents_page(record(7), filters, cursor=cursor, limit=PAGE)
            found[f"documents{name}{after}"] = recorder.last()
        for removed in (True, False):
            await store.profile_entries_page(
                record(7), "allergies", include_removed=removed, cursor=cursor, limit=PAGE
            )
            found[f"profile entries, removed too={removed}{after}"] = recorder.last()
        await store.related_profiles_page(record(7), cursor=cursor, limit=PAGE)
        found[f"related profiles{after}"] = recorder.last()
        await store.messages_page(record(7), "10000000003", cursor=cursor, limit=PAGE)
        found[f"messages of a sender{after}"] = recorder.last()
        for cancelled in (True, False):
            await store.appointments_page(record(7), include_cancelled=cancelled, cursor=cursor, limit=PAGE)
            found[f"appointments, cancelled too={cancelled}{after}"] = recorder.last()
    return found


async def test_every_list_plans_flat(seeded: Any) -> None:
    found = await plans_with_problems(seeded, await statements(), big_tables=BIG)
    assert not found, "\n".join(f"{name}: {problems}" for name, problems in found.items())
