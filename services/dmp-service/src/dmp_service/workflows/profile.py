"""The medical profile: sections of versioned entries, each change saying who, what, when (DOMAIN.md §5).

Changes made through the API are a professional's (the gateway's caller); the patient's own edits
happen in Mon espace santé. A removal is a version too: the text is gone, the history stays.
"""

import uuid
from dataclasses import dataclass

from dmp_service.context import DmpContext
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
from dmp_service.errors import Missing, NotFound, ProfileEntryRemoved, StaleProfileEntry
from dmp_service.models import ProfileEntryRow, ProfileEntryVersionRow
from dmp_service.store import DmpStore, Slice
from dmp_service.workflows.access import guard, guarded_unit
from servicekit import CallerContext, UnitOfWork


@dataclass(frozen=True)
class ProfileEntry:
    """An entry of the profile and its current version."""

    entry: ProfileEntryRow
    current: ProfileEntryVersionRow


@dataclass(frozen=True)
class ProfileEntryVersions:
    """An entry, its current version and every version in order."""

    entry: ProfileEntryRow
    current: ProfileEntryVersionRow
    versions: list[ProfileEntryVersionRow]


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


def _professional(caller: CallerContext) -> ProfileAuthor:
    return ProfileAuthor(AuthorKind.PROFESSIONAL, caller.professional.rpps)


def _check_expected(expected: int | None, current: ProfileEntryVersionRow) -> None:
    if expected is not None and expected != current.version:
        raise StaleProfileEntry(current.version)


async def _current(uow: UnitOfWork[DmpStore], entry: ProfileEntryRow) -> ProfileEntryVersionRow:
    current = await uow.store.get(ProfileEntryVersionRow, (entry.id, entry.current_version))
    assert current is not None
    return current


async def _entry(
    uow: UnitOfWork[DmpStore],
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    operation: RecordOperation,
    section: ProfileSection,
    entry_id: uuid.UUID,
    *,
    lock: bool,
) -> ProfileEntry:
    """The entry of the section and its current version, once `operation` on it is allowed (traced)."""
    record = await guard(
        uow, context, caller, matricule, operation, resource_type=section.value, resource_id=entry_id
    )
    entry = await uow.store.owned(
        ProfileEntryRow, entry_id, lock=lock, record_id=record.id, section=section.value
    )
    if entry is None:
        raise NotFound(Missing.PROFILE_ENTRY)
    return ProfileEntry(entry, await _current(uow, entry))


async def _save_version(
    uow: UnitOfWork[DmpStore], caller: CallerContext, entry: ProfileEntryRow, version: ProfileEntryVersion
) -> ProfileEntry:
    """Store `version` as the entry's new current one."""
    row = _row(version, caller)
    entry.current_version = version.version
    await uow.store.save(entry, row)
    return ProfileEntry(entry, row)


async def list_entries(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    section: ProfileSection,
    *,
    include_removed: bool,
    cursor: str | None,
    limit: int,
) -> Slice[ProfileEntry]:
    """The entries of one section of the medical profile."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.READ_PROFILE, resource_type=section.value
        )
        page = await uow.store.profile_entries_page(
            record.id, section.value, include_removed=include_removed, cursor=cursor, limit=limit
        )
        return Slice(
            [ProfileEntry(entry, await _current(uow, entry)) for entry in page.items], page.next_cursor
        )


async def add_entry(
    context: DmpContext, caller: CallerContext, matricule: str, section: ProfileSection, text: str
) -> ProfileEntry:
    """A new entry in a section of the medical profile (version 1)."""
    async with guarded_unit(context) as uow:
        record = await guard(
            uow, context, caller, matricule, RecordOperation.UPDATE_PROFILE, resource_type=section.value
        )
        now = context.now()
        version = create_entry(uuid.uuid4(), section, text, _professional(caller), now)
        entry = ProfileEntryRow(
            id=version.entry_id,
            record_id=record.id,
            section=section.value,
            current_version=1,
            removed=False,
            created_at=now,
        )
        row = _row(version, caller)
        await uow.store.save(entry, row)
    return ProfileEntry(entry, row)


async def entry_history(
    context: DmpContext, caller: CallerContext, matricule: str, section: ProfileSection, entry_id: uuid.UUID
) -> ProfileEntryVersions:
    """One entry with its history of versions."""
    async with guarded_unit(context) as uow:
        found = await _entry(
            uow, context, caller, matricule, RecordOperation.READ_PROFILE, section, entry_id, lock=False
        )
        versions = await uow.store.profile_versions(found.entry.id)
    return ProfileEntryVersions(found.entry, found.current, versions)


async def revise(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    section: ProfileSection,
    entry_id: uuid.UUID,
    *,
    text: str,
    expected_version: int | None,
) -> ProfileEntry:
    """Change an entry: a new version, the previous ones kept."""
    async with guarded_unit(context) as uow:
        found = await _entry(
            uow, context, caller, matricule, RecordOperation.UPDATE_PROFILE, section, entry_id, lock=True
        )
        _check_expected(expected_version, found.current)
        try:
            version = revise_entry(
                _domain(found.entry, found.current),
                text,
                _professional(caller),
                max(context.now(), found.current.changed_at),
            )
        except VersionConflict as error:
            raise ProfileEntryRemoved(removing=False) from error
        return await _save_version(uow, caller, found.entry, version)


async def remove(
    context: DmpContext,
    caller: CallerContext,
    matricule: str,
    section: ProfileSection,
    entry_id: uuid.UUID,
    *,
    expected_version: int | None,
) -> ProfileEntry:
    """Remove an entry: a removal version, the history kept."""
    async with guarded_unit(context) as uow:
        found = await _entry(
            uow, context, caller, matricule, RecordOperation.UPDATE_PROFILE, section, entry_id, lock=True
        )
        _check_expected(expected_version, found.current)
        try:
            version = remove_entry(
                _domain(found.entry, found.current),
                _professional(caller),
                max(context.now(), found.current.changed_at),
            )
        except VersionConflict as error:
            raise ProfileEntryRemoved(removing=True) from error
        found.entry.removed = True
        return await _save_version(uow, caller, found.entry, version)
