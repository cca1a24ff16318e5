"""What the requis sends back, and why he may decline (CSP R6316-4; avenant 1 art. 58.1.2)."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from telemed_service.domain.attachments import Attachment

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class Report(BaseModel):
    """The requis's report: text, attached files, acts and prescriptions he advises (CSP R6316-4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: Text
    attachments: tuple[Attachment, ...] = ()
    acts: tuple[Line, ...] = ()
    prescriptions: tuple[Line, ...] = ()


class RefusalReason(StrEnum):
    """Why the requis declines; "outside his field of expertise" is the convention's case (art. 58.1.2)."""

    OUTSIDE_EXPERTISE = "outside_expertise"
    NOT_RELEVANT = "not_relevant"
    INSUFFICIENT_DATA = "insufficient_data"
    UNAVAILABLE = "unavailable"
    OTHER = "other"


class Refusal(BaseModel):
    """The requis's refusal, with a free-text detail that is compulsory for OTHER (DOMAIN.md §6)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: RefusalReason
    detail: Text | None = None

    @model_validator(mode="after")
    def _other_is_explained(self) -> "Refusal":
        if self.reason is RefusalReason.OTHER and self.detail is None:
            raise ValueError("a refusal for another reason must say which")
        return self
