"""A tele-expertise as filed: the snapshot, the practices it belongs to, and who may see it."""

from dataclasses import dataclass
from enum import StrEnum

from telemed_service.domain.expertise import TeleExpertise


@dataclass(frozen=True)
class FiledExpertise:
    """The snapshot and the practices it belongs to: the requérant's, and the requis's once he accepted
    or answered (his act is billed there)."""

    expertise: TeleExpertise
    requerant_practice_id: str
    requis_practice_id: str | None = None


def visible_to(filed: FiledExpertise, practice_id: str, rpps: str) -> bool:
    """The requérant's practice, the requis himself (by RPPS, from any practice) and, once known, the
    requis's practice. Anyone else is told the file does not exist."""
    return (
        filed.requerant_practice_id == practice_id
        or filed.expertise.requis.rpps == rpps
        or (filed.requis_practice_id is not None and filed.requis_practice_id == practice_id)
    )


class PartyFilter(StrEnum):
    # No docstring: it would become the description of the `as` query parameter's schema.
    REQUERANT = "requerant"
    REQUIS = "requis"
