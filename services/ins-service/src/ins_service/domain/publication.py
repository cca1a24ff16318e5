"""Which event a change of an identity publishes (DOMAIN.md §2; ARCHITECTURE.md, Events)."""

from enum import StrEnum

from ins_service.domain.status import IdentityAttribute, InsStatus


class Publication(StrEnum):
    """The event one committed change of an identity publishes, if any."""

    QUALIFIED = "identity-qualified"
    STATUS_CHANGED = "identity-status-changed"
    NOTHING = "nothing"


def publication_for(
    before: InsStatus | None,
    before_attributes: frozenset[IdentityAttribute],
    after: InsStatus,
    after_attributes: frozenset[IdentityAttribute],
    *,
    ins_changed: bool = False,
) -> Publication:
    """Reaching QUAL publishes IdentityQualified, exactly once per entry; any other change of status
    or attributes (creation and downgrades included) IdentityStatusChanged (DOMAIN.md §2).

    `before` is None for an identity created in the same change, so an identity read from the apCV
    and created directly as QUAL publishes only IdentityQualified. A QUAL identity whose INS changed
    (INSi answered a new matricule listing the held one as previous) announces the new INS with
    IdentityQualified again, so projections keyed by the INS follow it.
    """
    if after is InsStatus.QUAL and (before is not InsStatus.QUAL or ins_changed):
        return Publication.QUALIFIED
    if before is not after or before_attributes != after_attributes:
        return Publication.STATUS_CHANGED
    return Publication.NOTHING
