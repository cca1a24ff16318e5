"""Children's profiles attached to a parent's record (DOMAIN.md §5; seed: "profils des enfants").

A parent or legal guardian manages a child's Mon espace santé profile while the child is a minor
(majority at 18, Code civil art. 414). The attachment is kept as history: it is detached, never
deleted, and it lapses by itself on the child's 18th birthday (**assumption**: the child then
manages their own profile, as Mon espace santé does).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from dmp_service.domain.ages import date_at_age, years
from dmp_service.domain.errors import DmpDomainError
from dmp_service.domain.identifiers import require_aware

MAJORITY_AGE = 18


class Relationship(StrEnum):
    """Who the adult is to the child (Code civil art. 371-1, 390: parental authority or guardianship)."""

    PARENT = "parent"
    LEGAL_GUARDIAN = "legal_guardian"


class AttachmentRefused(DmpDomainError):
    """The child cannot be attached to this record (not a minor, or the same person)."""

    code = "related_profile_refused"


def majority_date(child_birth_date: date) -> date:
    """The child's 18th birthday, when the attachment lapses (Code civil art. 414)."""
    return date_at_age(child_birth_date, years(MAJORITY_AGE))


def check_attachment(
    parent_matricule: str, child_matricule: str, child_birth_date: date, today: date
) -> None:
    """Raise AttachmentRefused unless a minor child distinct from the parent is attached (DOMAIN.md §5)."""
    if parent_matricule == child_matricule:
        raise AttachmentRefused("a record cannot be attached to itself")
    if child_birth_date > today:
        raise AttachmentRefused("the child's birth date is after today")
    if today >= majority_date(child_birth_date):
        raise AttachmentRefused("only a minor's profile can be attached to a parent")


@dataclass(frozen=True)
class RelatedProfile:
    """A child's record attached to a parent's from `attached_at` until `detached_at` (kept, not deleted)."""

    relationship: Relationship
    child_birth_date: date
    attached_at: datetime
    detached_at: datetime | None = None

    def __post_init__(self) -> None:
        require_aware(self.attached_at, "attachment time")
        if self.detached_at is not None and require_aware(self.detached_at, "time") < self.attached_at:
            raise ValueError("a profile cannot be detached before it was attached")

    def is_active(self, today: date) -> bool:
        """Attached, not detached, and the child still a minor on `today`."""
        return self.detached_at is None and today < majority_date(self.child_birth_date)

    def detach(self, at: datetime) -> "RelatedProfile":
        """The same attachment ended at `at`; detaching twice is an error."""
        if self.detached_at is not None:
            raise AttachmentRefused("this profile is already detached")
        return replace(self, detached_at=at)
