from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from dmp_service.domain import (
    AuthorKind,
    BrokenHistory,
    ChangeKind,
    ProfileAuthor,
    ProfileSection,
    VersionConflict,
    create_entry,
    entry_history,
    remove_entry,
    revise_entry,
)

AT = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
PATIENT = ProfileAuthor(AuthorKind.PATIENT)
DENTIST = ProfileAuthor(AuthorKind.PROFESSIONAL, "10101010101")
ENTRY = UUID(int=7)


def test_sections_are_the_five_of_the_medical_profile() -> None:
    assert [s.value for s in ProfileSection] == [
        "illnesses_and_topics",
        "treatments",
        "allergies",
        "vaccinations",
        "measurements",
    ]


def test_each_change_says_who_what_and_when() -> None:
    created = create_entry(ENTRY, ProfileSection.ALLERGIES, "Pénicilline", PATIENT, AT)
    revised = revise_entry(created, "Pénicilline (urticaire)", DENTIST, AT + timedelta(days=1))
    removed = remove_entry(revised, PATIENT, AT + timedelta(days=2))
    assert [(v.version, v.change, v.text, v.changed_by) for v in (created, revised, removed)] == [
        (1, ChangeKind.CREATED, "Pénicilline", PATIENT),
        (2, ChangeKind.UPDATED, "Pénicilline (urticaire)", DENTIST),
        (3, ChangeKind.REMOVED, None, PATIENT),
    ]
    assert entry_history([removed, created, revised]) == [created, revised, removed]


def test_removed_entry_cannot_change_and_time_cannot_go_back() -> None:
    created = create_entry(ENTRY, ProfileSection.TREATMENTS, "Amoxicilline", DENTIST, AT)
    with pytest.raises(ValueError, match="precede"):
        revise_entry(created, "x", DENTIST, AT - timedelta(seconds=1))
    removed = remove_entry(created, DENTIST, AT)
    with pytest.raises(VersionConflict):
        revise_entry(removed, "again", DENTIST, AT)


def test_author_kind_and_rpps_agree() -> None:
    with pytest.raises(ValueError, match="RPPS"):
        ProfileAuthor(AuthorKind.PROFESSIONAL)
    with pytest.raises(ValueError, match="RPPS"):
        ProfileAuthor(AuthorKind.PATIENT, "10101010101")


def test_blank_text_is_refused() -> None:
    with pytest.raises(ValueError, match="blank"):
        create_entry(ENTRY, ProfileSection.MEASUREMENTS, "  ", PATIENT, AT)


def test_history_rejects_mixed_or_gapped_versions() -> None:
    created = create_entry(ENTRY, ProfileSection.ALLERGIES, "Latex", PATIENT, AT)
    revised = revise_entry(created, "Latex (sévère)", PATIENT, AT)
    other = create_entry(UUID(int=8), ProfileSection.ALLERGIES, "Iode", PATIENT, AT)
    with pytest.raises(BrokenHistory, match="several entries"):
        entry_history([created, other])
    with pytest.raises(BrokenHistory, match="gaps"):
        entry_history([revised])
