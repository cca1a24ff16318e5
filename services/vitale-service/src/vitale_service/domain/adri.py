"""ADRI rights of a beneficiary and whether they allow an apCV session (DOMAIN.md §4; seed)."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

# ADRI rights are periods of French civil dates.
PARIS = ZoneInfo("Europe/Paris")


class RightsStatus(StrEnum):
    """Status of the compulsory-insurance rights as ADRI reports it."""

    OPEN = "open"
    CLOSED = "closed"


class AdriResultKind(StrEnum):
    """The three answers ADRI gives for a beneficiary."""

    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN_BENEFICIARY = "unknown_beneficiary"


class RightsRefusal(StrEnum):
    """Why the rights do not allow a session; stable codes for the API."""

    RIGHTS_CLOSED = "rights_closed"
    RIGHTS_NOT_STARTED = "rights_not_started"
    RIGHTS_ENDED = "rights_ended"
    BENEFICIARY_UNKNOWN = "beneficiary_unknown"


class RightsRefused(Exception):
    """ADRI did not validate the rights: no session is opened (DOMAIN.md §4)."""

    def __init__(self, refusal: RightsRefusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


@dataclass(frozen=True)
class AdriRights:
    """Rights ADRI returns for a beneficiary: status, insurer, period (end inclusive, None if open-ended)."""

    status: RightsStatus
    insurer: str
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("rights end before they start")


@dataclass(frozen=True)
class AdriResult:
    """ADRI's answer: the rights, or None when ADRI does not know the beneficiary."""

    rights: AdriRights | None

    @property
    def kind(self) -> AdriResultKind:
        """open, closed, or unknown beneficiary, derived so that it cannot contradict the rights."""
        if self.rights is None:
            return AdriResultKind.UNKNOWN_BENEFICIARY
        return AdriResultKind(self.rights.status.value)


def rights_refusal(result: AdriResult, today: date) -> RightsRefusal | None:
    """Why ADRI's answer forbids opening a session today, or None when it allows one (DOMAIN.md §4)."""
    rights = result.rights
    if rights is None:
        return RightsRefusal.BENEFICIARY_UNKNOWN
    if rights.status is RightsStatus.CLOSED:
        return RightsRefusal.RIGHTS_CLOSED
    if today < rights.start:
        return RightsRefusal.RIGHTS_NOT_STARTED
    if rights.end is not None and today > rights.end:
        return RightsRefusal.RIGHTS_ENDED
    return None


def rights_allow_session(rights: AdriRights, today: date) -> bool:
    """Open rights covering `today` allow a session; ADRI validates before it opens (DOMAIN.md §4; seed)."""
    return rights_refusal(AdriResult(rights), today) is None


def rights_date(now: datetime) -> date:
    """The civil date in France at `now`, the day ADRI rights are judged on (DOMAIN.md §4)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(PARIS).date()
