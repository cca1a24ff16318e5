"""The medical profile: sections of versioned entries, each change saying who, what, when (DOMAIN.md §5).

Changes made through the API are a professional's (the gateway's caller); the patient's own edits
happen in Mon espace santé. A removal is a version too: the text is gone, the history stays.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from dmp_service.domain import (
    AuthorKind,
    ChangeKind,
    ProfileAuthor,
    ProfileEntryVersion,
    ProfileSection,
    RecordOperation,
    VersionConflict,
    create_entry,
    remove_entry,
    revise_entry,
)
from dmp_service.guard import guard
from dmp_service.models import ProfileEntryRow, ProfileEntryVersionRow
from dmp_service.queries import fetch_page, find_owned
from dmp_service.routes.common import problems
from dmp_service.schemas import (
    InsPath,
    ProfileEntryHistory,
    ProfileEntryRequest,
    ProfileEntryRevision,
    ProfileEntryView,
    ProfileVersionView,
)
from dmp_service.wiring import Dmp, DmpDep
from servicekit import Caller, CallerContext, ProblemError, Session
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["medical profile"])


def _author(row: ProfileEntryVersionRow) -> ProfileAuthor:
    return ProfileAuthor(AuthorKind(row.author_kind), row.author_rpps)


def _domain(entry: ProfileEntryRow, row: ProfileEntryVersionRow) -> ProfileEntryVersion:
    return ProfileEntryVersion(
        entry_id=entry.id,
        section=ProfileSection(entry.section),
        version=row.version,
        change=ChangeKind(row.change),
        text=row.text,
        changed_by=_author(row),
        changed_at=row.changed_at,
    )


def _row(version: ProfileEntryVersion, caller: CallerContext) -> ProfileEntryVersionRow:
    return ProfileEntryVersionRow(
        entry_id=version.entry_id,
        version=version.version,
        change=version.change.value,
        text=version.text,
        author_kind=version.changed_by.kind.value,
        author_rpps=version.changed_by.rpps,
        practice_id=caller.practice_id,
        changed_at=version.changed_at,
    )


def _view(entry: ProfileEntryRow, current: ProfileEntryVersionRow) -> ProfileEntryView:
    return ProfileEntryView(
        id=entry.id,
        section=ProfileSection(entry.section),
        version=current.version,
        removed=entry.removed,
        text=current.text,
        changed_at=current.changed_at,
        changed_by_rpps=current.author_rpps,
        created_at=entry.created_at,
    )


def _version_view(row: ProfileEntryVersionRow) -> ProfileVersionView:
    return ProfileVersionView(
        version=row.version,
        change=ChangeKind(row.change),
        text=row.text,
        author_kind=row.author_kind,
        author_rpps=row.author_rpps,
        practice_id=row.practice_id,
        changed_at=row.changed_at,
    )


async def _current(session: AsyncSession, entry: ProfileEntryRow) -> ProfileEntryVersionRow:
    current = await session.get(ProfileEntryVersionRow, (entry.id, entry.current_version))
    assert current is not None
    return current


async def _entry(
    session: AsyncSession,
    dmp: Dmp,
    caller: CallerContext,
    ins: str,
    operation: RecordOperation,
    section: ProfileSection,
    entry_id: uuid.UUID,
    *,
    lock: bool,
) -> tuple[ProfileEntryRow, ProfileEntryVersionRow]:
    """The entry of the section and its current version, once `operation` on it is allowed (traced)."""
    record = await guard(
        session, dmp, caller, ins, operation, resource_type=section.value, resource_id=entry_id
    )
    entry = await find_owned(
        session,
        ProfileEntryRow,
        entry_id,
        ProblemError(404, "profile-entry-not-found", "No such entry in this section."),
        lock=lock,
        record_id=record.id,
        section=section.value,
    )
    return entry, await _current(session, entry)


async def _save_version(
    session: AsyncSession, caller: CallerContext, entry: ProfileEntryRow, version: ProfileEntryVersion
) -> ProfileEntryView:
    """Store `version` as the entry's new current one."""
    row = _row(version, caller)
    entry.current_version = version.version
    session.add_all([entry, row])
    await session.flush()
    return _view(entry, row)


def _professional(caller: CallerContext) -> ProfileAuthor:
    return ProfileAuthor(AuthorKind.PROFESSIONAL, caller.professional.rpps)


def _check_expected(expected: int | None, current: ProfileEntryVersionRow) -> None:
    if expected is not None and expected != current.version:
        raise ProblemError(
            409,
            "version-conflict",
            "The entry changed since you read it.",
            f"The current version is {current.version}.",
            current_version=current.version,
        )


@router.get(
    "/patients/{ins}/profile/{section}",
    summary="The entries of one section of the medical profile",
    response_model=Page[ProfileEntryView],
    responses=problems(400),
)
async def list_entries(
    ins: InsPath,
    section: ProfileSection,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    include_removed: Annotated[bool, Query()] = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ProfileEntryView]:
    record = await guard(session, dmp, caller, ins, RecordOperation.READ_PROFILE, resource_type=section.value)
    query = select(ProfileEntryRow).where(
        ProfileEntryRow.record_id == record.id,  # type: ignore[arg-type]
        ProfileEntryRow.section == section.value,  # type: ignore[arg-type]
    )
    if not include_removed:
        query = query.where(ProfileEntryRow.removed.is_(False))  # type: ignore[attr-defined]
    entries, next_cursor = await fetch_page(session, query, ProfileEntryRow, cursor, limit)
    return Page(
        items=[_view(entry, await _current(session, entry)) for entry in entries], next_cursor=next_cursor
    )


@router.post(
    "/patients/{ins}/profile/{section}",
    status_code=201,
    summary="Add an entry to a section of the medical profile",
    response_model=ProfileEntryView,
    responses=problems(422),
)
async def add_entry(
    ins: InsPath,
    section: ProfileSection,
    body: ProfileEntryRequest,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
) -> ProfileEntryView:
    record = await guard(
        session, dmp, caller, ins, RecordOperation.UPDATE_PROFILE, resource_type=section.value
    )
    now = dmp.now()
    version = create_entry(uuid.uuid4(), section, body.text, _professional(caller), now)
    entry = ProfileEntryRow(
        id=version.entry_id,
        record_id=record.id,
        section=section.value,
        current_version=1,
        removed=False,
        created_at=now,
    )
    session.add(entry)
    await session.flush()
    row = _row(version, caller)
    session.add(row)
    await session.flush()
    return _view(entry, row)


@router.get(
    "/patients/{ins}/profile/{section}/{entry_id}",
    summary="One entry with its history of versions",
    response_model=ProfileEntryHistory,
    responses=problems(),
)
async def entry_history(
    ins: InsPath, section: ProfileSection, entry_id: uuid.UUID, caller: Caller, session: Session, dmp: DmpDep
) -> ProfileEntryHistory:
    entry, current = await _entry(
        session, dmp, caller, ins, RecordOperation.READ_PROFILE, section, entry_id, lock=False
    )
    rows = (
        (
            await session.execute(
                select(ProfileEntryVersionRow)
                .where(ProfileEntryVersionRow.entry_id == entry.id)  # type: ignore[arg-type]
                .order_by(ProfileEntryVersionRow.version)  # type: ignore[arg-type]
            )
        )
        .scalars()
        .all()
    )
    return ProfileEntryHistory(
        **_view(entry, current).model_dump(), versions=[_version_view(row) for row in rows]
    )


@router.put(
    "/patients/{ins}/profile/{section}/{entry_id}",
    summary="Change an entry (a new version; the previous ones are kept)",
    response_model=ProfileEntryView,
    responses=problems(409, 422),
)
async def revise(
    ins: InsPath,
    section: ProfileSection,
    entry_id: uuid.UUID,
    body: ProfileEntryRevision,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
) -> ProfileEntryView:
    entry, current = await _entry(
        session, dmp, caller, ins, RecordOperation.UPDATE_PROFILE, section, entry_id, lock=True
    )
    _check_expected(body.expected_version, current)
    try:
        version = revise_entry(
            _domain(entry, current), body.text, _professional(caller), max(dmp.now(), current.changed_at)
        )
    except VersionConflict as error:
        raise ProblemError(409, "profile-entry-removed", "A removed entry cannot change.") from error
    return await _save_version(session, caller, entry, version)


@router.delete(
    "/patients/{ins}/profile/{section}/{entry_id}",
    summary="Remove an entry (a removal version; the history is kept)",
    response_model=ProfileEntryView,
    responses=problems(409),
)
async def remove(
    ins: InsPath,
    section: ProfileSection,
    entry_id: uuid.UUID,
    caller: Caller,
    session: Session,
    dmp: DmpDep,
    expected_version: Annotated[int | None, Query(ge=1)] = None,
) -> ProfileEntryView:
    entry, current = await _entry(
        session, dmp, caller, ins, RecordOperation.UPDATE_PROFILE, section, entry_id, lock=True
    )
    _check_expected(expected_version, current)
    try:
        version = remove_entry(
            _domain(entry, current), _professional(caller), max(dmp.now(), current.changed_at)
        )
    except VersionConflict as error:
        raise ProblemError(409, "profile-entry-removed", "This entry was already removed.") from error
    entry.removed = True
    return await _save_version(session, caller, entry, version)
