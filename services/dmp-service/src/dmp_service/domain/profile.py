"""The medical profile of Mon espace santé: sections and versioned entries (DOMAIN.md §5; seed).

Every change makes a new version saying who changed what and when; a removal is a version too
(the entry's text is gone from then on, its history is kept).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import pairwise
from uuid import UUID

from dmp_service.domain.errors import BrokenHistory, VersionConflict
from dmp_service.domain.identifiers import require_aware, require_rpps


class ProfileSection(StrEnum):
    """Sections of the medical profile (seed: maladies et sujets de santé, traitements, …)."""

    ILLNESSES_AND_TOPICS = "illnesses_and_topics"
    TREATMENTS = "treatments"
    ALLERGIES = "allergies"
    VACCINATIONS = "vaccinations"
    MEASUREMENTS = "measurements"


class ChangeKind(StrEnum):
    """What a version did to the entry."""

    CREATED = "created"
    UPDATED = "updated"
    REMOVED = "removed"


class AuthorKind(StrEnum):
    """Who may change the profile: the patient (or the parent of a child's profile) or a professional."""

    PATIENT = "patient"
    PROFESSIONAL = "professional"


@dataclass(frozen=True)
class ProfileAuthor:
    """The author of a change; a professional is identified by RPPS."""

    kind: AuthorKind
    rpps: str | None = None

    def __post_init__(self) -> None:
        if (self.kind is AuthorKind.PROFESSIONAL) != (self.rpps is not None):
            raise ValueError("a professional author has an RPPS number and a patient author none")
        if self.rpps is not None:
            require_rpps(self.rpps)


@dataclass(frozen=True)
class ProfileEntryVersion:
    """Version `version` of one profile entry: the change, the resulting text, its author and time."""

    entry_id: UUID
    section: ProfileSection
    version: int
    change: ChangeKind
    text: str | None
    changed_by: ProfileAuthor
    changed_at: datetime

    def __post_init__(self) -> None:
        require_aware(self.changed_at, "change time")
        if (self.change is ChangeKind.CREATED) != (self.version == 1) or self.version < 1:
            raise ValueError("version 1, and only it, creates the entry")
        if (self.change is ChangeKind.REMOVED) != (self.text is None):
            raise ValueError("a removal has no text and every other version has one")
        if self.text is not None and not self.text.strip():
            raise ValueError("an entry's text cannot be blank")


def create_entry(
    entry_id: UUID, section: ProfileSection, text: str, by: ProfileAuthor, at: datetime
) -> ProfileEntryVersion:
    """First version of a new entry."""
    return ProfileEntryVersion(entry_id, section, 1, ChangeKind.CREATED, text, by, at)


def _next(
    current: ProfileEntryVersion, change: ChangeKind, text: str | None, by: ProfileAuthor, at: datetime
) -> ProfileEntryVersion:
    if current.change is ChangeKind.REMOVED:
        raise VersionConflict("a removed entry cannot change any more")
    if at < current.changed_at:
        raise ValueError("a change cannot precede the version it replaces")
    return ProfileEntryVersion(current.entry_id, current.section, current.version + 1, change, text, by, at)


def revise_entry(
    current: ProfileEntryVersion, text: str, by: ProfileAuthor, at: datetime
) -> ProfileEntryVersion:
    """Next version of the entry with new text."""
    return _next(current, ChangeKind.UPDATED, text, by, at)


def remove_entry(current: ProfileEntryVersion, by: ProfileAuthor, at: datetime) -> ProfileEntryVersion:
    """Next version marking the entry removed; earlier versions stay in the history."""
    return _next(current, ChangeKind.REMOVED, None, by, at)


def entry_history(versions: Iterable[ProfileEntryVersion]) -> list[ProfileEntryVersion]:
    """The versions of one entry ordered 1..n, checked: same entry and section, times never go back."""
    ordered = sorted(versions, key=lambda version: version.version)
    if not ordered:
        raise BrokenHistory("an entry has at least one version")
    if len({(version.entry_id, version.section) for version in ordered}) != 1:
        raise BrokenHistory("versions of several entries were mixed")
    if [version.version for version in ordered] != list(range(1, len(ordered) + 1)):
        raise BrokenHistory("version numbers are not 1..n without gaps")
    for older, newer in pairwise(ordered):
        if newer.changed_at < older.changed_at or older.change is ChangeKind.REMOVED:
            raise BrokenHistory(f"version {newer.version} cannot follow version {older.version}")
    return ordered
