"""RNIV identity statuses, attributes and collection methods (DOMAIN.md §2; FR Core code systems)."""

from collections.abc import Iterable
from enum import StrEnum

from dentalink_contracts.events.ins import IdentityStatus
from ins_service.domain.errors import DomainError, ErrorCode

# One name for the status everywhere: the contracts' enum is FR Core `fr-core-cs-identity-status`.
InsStatus = IdentityStatus

_STATUS_TABLE: dict[tuple[bool, bool], InsStatus] = {
    (False, False): InsStatus.PROV,
    (True, False): InsStatus.RECUP,
    (False, True): InsStatus.VALI,
    (True, True): InsStatus.QUAL,
}
_FACTS = {status: facts for facts, status in _STATUS_TABLE.items()}


class IdentityAttribute(StrEnum):
    """RNIV attributes: doubtful, fictitious, homonym (DOMAIN.md §2)."""

    DOUT = "DOUT"
    FICT = "FICT"
    HOMA = "HOMA"


# Attributes that freeze the status at PROV and forbid calling INSi (DOMAIN.md §2).
BLOCKING_ATTRIBUTES = frozenset({IdentityAttribute.DOUT, IdentityAttribute.FICT})


class CollectionMethod(StrEnum):
    """How the identity was collected: FR Core `fr-core-cs-method-collection` (RNIV 1 v2.0 §4.3)."""

    MANUAL = "SM"  # typed in, neither carte Vitale nor INSi
    CARTE_VITALE = "CV"  # physical carte Vitale read, INSi queried through it
    INSI = "INSI"  # INSi queried with typed traits
    BARCODE = "CB"  # INS Datamatrix of a document already carrying a qualified identity
    RFID = "RFID"  # RFID chip, e.g. a patient wristband
    APCV = "AV"  # e-carte Vitale app by QR or NFC: counts as qualified (RNIV 1 v2.0 §4.3.4)


def derive_status(retrieved_by_insi: bool, checked_against_document: bool) -> InsStatus:
    """The status from its two independent facts (DOMAIN.md §2 table; RNIV EXI SI 07)."""
    return _STATUS_TABLE[(retrieved_by_insi, checked_against_document)]


def status_facts(status: InsStatus) -> tuple[bool, bool]:
    """The (retrieved by INSi, checked against a document) facts a status stands for (DOMAIN.md §2)."""
    return _FACTS[status]


def is_downgrade(previous: InsStatus, new: InsStatus) -> bool:
    """True when the new status lost a fact the previous one had, e.g. QUAL → VALI (DOMAIN.md §2)."""
    return any(had and not has for had, has in zip(status_facts(previous), status_facts(new), strict=True))


def check_attributes(attributes: Iterable[IdentityAttribute]) -> frozenset[IdentityAttribute]:
    """DOUT and FICT are exclusive and only DOUT+HOMA combine (DOMAIN.md §2); returns the set."""
    chosen = frozenset(attributes)
    if len(chosen) > 1 and chosen != {IdentityAttribute.DOUT, IdentityAttribute.HOMA}:
        names = "+".join(sorted(chosen))
        raise DomainError(ErrorCode.ATTRIBUTE_CONFLICT, f"{names} cannot combine: only DOUT+HOMA may")
    return chosen


def effective_status(
    *,
    retrieved_by_insi: bool,
    checked_against_document: bool,
    attributes: frozenset[IdentityAttribute],
    verification_refused: bool,
) -> InsStatus:
    """DOUT/FICT hold the status at PROV; a refusal suspends the INSi fact, so no QUAL (DOMAIN.md §2)."""
    if attributes & BLOCKING_ATTRIBUTES:
        return InsStatus.PROV
    return derive_status(retrieved_by_insi and not verification_refused, checked_against_document)
