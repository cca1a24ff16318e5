"""The history entry every identity transition produces: who, when, how (DOMAIN.md §2)."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ins_service.domain.documents import DocumentCheck, ValidationMode
from ins_service.domain.insi import InsiOperation, InsiResultCode
from ins_service.domain.status import CollectionMethod, IdentityAttribute, InsStatus, is_downgrade


class TransitionKind(StrEnum):
    """What happened to the identity."""

    CREATED = "created"
    INSI_RESULT = "insi-result"
    DOCUMENT_CHECKED = "document-checked"
    ATTRIBUTE_SET = "attribute-set"
    ATTRIBUTE_CLEARED = "attribute-cleared"
    REFUSAL_RECORDED = "refusal-recorded"
    REFUSAL_WITHDRAWN = "refusal-withdrawn"
    APCV_QUALIFIED = "apcv-qualified"


@dataclass(frozen=True)
class Transition:
    """One immutable history entry; `reason` is free of personal data so events may carry it."""

    kind: TransitionKind
    by_rpps: str
    at: datetime
    previous_status: InsStatus | None
    new_status: InsStatus
    attributes: frozenset[IdentityAttribute]
    reason: str
    collection_method: CollectionMethod | None = None
    validation_mode: ValidationMode | None = None
    document_check: DocumentCheck | None = None
    insi_operation: InsiOperation | None = None
    insi_result_code: InsiResultCode | None = None
    insi_call_reference: str | None = None
    apcv_session_reference: str | None = None
    attribute: IdentityAttribute | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("a transition time carries its UTC offset")

    @property
    def status_changed(self) -> bool:
        return self.previous_status is not self.new_status

    @property
    def is_downgrade(self) -> bool:
        """The new status lost a fact, e.g. QUAL → VALI after a failed verification (DOMAIN.md §2)."""
        return self.previous_status is not None and is_downgrade(self.previous_status, self.new_status)

    @property
    def left_qualified(self) -> bool:
        """The identity was QUAL and no longer is: its INS may no longer reference data (DOMAIN.md §2)."""
        return self.previous_status is InsStatus.QUAL and self.new_status is not InsStatus.QUAL

    @property
    def reached_qualified(self) -> bool:
        return self.new_status is InsStatus.QUAL and self.previous_status is not InsStatus.QUAL
