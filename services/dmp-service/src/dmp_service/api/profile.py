"""The medical profile: sections of versioned entries, each change saying who, what, when (DOMAIN.md §5).

Changes made through the API are a professional's (the gateway's caller); the patient's own edits
happen in Mon espace santé. A removal is a version too: the text is gone, the history stays.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from dmp_service.context import Context
from dmp_service.domain import ChangeKind, ProfileSection
from dmp_service.models import ProfileEntryVersionRow
from dmp_service.problems import ProblemRoute, problems
from dmp_service.schemas import (
    InsPath,
    ProfileEntryHistory,
    ProfileEntryRequest,
    ProfileEntryRevision,
    ProfileEntryView,
    ProfileVersionView,
)
from dmp_service.workflows import profile as workflows
from dmp_service.workflows.profile import ProfileEntry
from servicekit import Caller
from servicekit.pagination import DEFAULT_LIMIT, Cursor, Limit, Page

router = APIRouter(tags=["medical profile"], route_class=ProblemRoute)


def _view(found: ProfileEntry) -> ProfileEntryView:
    entry, current = found.entry, found.current
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


SectionPath = Annotated[
    ProfileSection,
    Path(
        description=(
            "The profile section: `illnesses_and_topics`, `treatments`, `allergies`, `vaccinations` or "
            "`measurements`."
        )
    ),
]
EntryId = Annotated[uuid.UUID, Path(description="The profile entry's id.")]


@router.get(
    "/patients/{ins}/profile/{section}",
    operation_id="profileEntries.list",
    summary="The entries of one section of the medical profile",
    response_model=Page[ProfileEntryView],
    responses=problems(400),
)
async def list_entries(
    ins: InsPath,
    section: SectionPath,
    caller: Caller,
    context: Context,
    include_removed: Annotated[
        bool, Query(description="Also list removed entries (their text is null).")
    ] = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[ProfileEntryView]:
    page = await workflows.list_entries(
        context, caller, ins, section, include_removed=include_removed, cursor=cursor, limit=limit
    )
    return Page(items=[_view(found) for found in page.items], next_cursor=page.next_cursor)


@router.post(
    "/patients/{ins}/profile/{section}",
    operation_id="profileEntries.add",
    status_code=201,
    summary="Add an entry to a section of the medical profile",
    response_model=ProfileEntryView,
    responses=problems(422),
)
async def add_entry(
    ins: InsPath, section: SectionPath, body: ProfileEntryRequest, caller: Caller, context: Context
) -> ProfileEntryView:
    return _view(await workflows.add_entry(context, caller, ins, section, body.text))


@router.get(
    "/patients/{ins}/profile/{section}/{entry_id}",
    operation_id="profileEntries.getHistory",
    summary="One entry with its history of versions",
    response_model=ProfileEntryHistory,
    responses=problems(),
)
async def entry_history(
    ins: InsPath, section: SectionPath, entry_id: EntryId, caller: Caller, context: Context
) -> ProfileEntryHistory:
    history = await workflows.entry_history(context, caller, ins, section, entry_id)
    return ProfileEntryHistory(
        **_view(ProfileEntry(history.entry, history.current)).model_dump(),
        versions=[_version_view(row) for row in history.versions],
    )


@router.put(
    "/patients/{ins}/profile/{section}/{entry_id}",
    operation_id="profileEntries.revise",
    summary="Change an entry (a new version; the previous ones are kept)",
    response_model=ProfileEntryView,
    responses=problems(409, 422),
)
async def revise(
    ins: InsPath,
    section: SectionPath,
    entry_id: EntryId,
    body: ProfileEntryRevision,
    caller: Caller,
    context: Context,
) -> ProfileEntryView:
    revised = await workflows.revise(
        context, caller, ins, section, entry_id, text=body.text, expected_version=body.expected_version
    )
    return _view(revised)


@router.delete(
    "/patients/{ins}/profile/{section}/{entry_id}",
    operation_id="profileEntries.remove",
    summary="Remove an entry (a removal version; the history is kept)",
    response_model=ProfileEntryView,
    responses=problems(409),
)
async def remove(
    ins: InsPath,
    section: SectionPath,
    entry_id: EntryId,
    caller: Caller,
    context: Context,
    expected_version: Annotated[
        int | None,
        Query(
            ge=1, description="The entry's current version (optimistic lock): 409 if it changed meanwhile."
        ),
    ] = None,
) -> ProfileEntryView:
    removed = await workflows.remove(
        context, caller, ins, section, entry_id, expected_version=expected_version
    )
    return _view(removed)
