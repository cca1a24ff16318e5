"""The identity aggregate and its pure transitions; each returns the new state and its history entry (§2)."""

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from dentalink_contracts import Ins, InsOid
from ins_service.domain.documents import (
    ADULT_AGE,
    DocumentCheck,
    ValidationMode,
    age_on,
    assess_document_check,
)
from ins_service.domain.errors import DomainError, ErrorCode
from ins_service.domain.insi import InsiIdentity, InsiOperation, InsiResult, InsiResultCode
from ins_service.domain.matricule import ParsedMatricule
from ins_service.domain.status import (
    BLOCKING_ATTRIBUTES,
    CollectionMethod,
    IdentityAttribute,
    InsStatus,
    check_attributes,
    effective_status,
)
from ins_service.domain.traits import InsiTraits, TypedTraits
from ins_service.domain.transition import Transition, TransitionKind

_RPPS = re.compile(r"[0-9]{11}")
_INSI_REASONS = {
    (True, InsiResultCode.FOUND): "INSi search found one identity (00)",
    (True, InsiResultCode.NOT_FOUND): "INSi search found no identity (01)",
    (True, InsiResultCode.SEVERAL_FOUND): "INSi search found several identities (02)",
    (False, InsiResultCode.FOUND): "INSi verification confirmed the held INS (00)",
    (False, InsiResultCode.NOT_FOUND): "INSi verification no longer matches the held INS (01)",
}


@dataclass(frozen=True)
class Identity:
    """One patient's identity in a practice: typed and INS traits apart, status derived (DOMAIN.md §2)."""

    typed_traits: TypedTraits
    insi_traits: InsiTraits | None = None
    ins: Ins | None = None
    previous_ins: tuple[Ins, ...] = ()
    # Retrieved or verified by INSi, or read from the apCV, which counts as such (RNIV 1 v2.0 §4.3.4).
    ins_confirmed: bool = False
    validation_mode: ValidationMode | None = None
    attributes: frozenset[IdentityAttribute] = frozenset()
    verification_refused: bool = False
    collection_method: CollectionMethod = CollectionMethod.MANUAL

    def __post_init__(self) -> None:
        check_attributes(self.attributes)
        if self.ins_confirmed and self.ins is None:
            raise ValueError("an identity confirmed by INSi or the apCV holds its INS")

    @property
    def status(self) -> InsStatus:
        return effective_status(
            retrieved_by_insi=self.ins_confirmed,
            checked_against_document=self.validation_mode is not None,
            attributes=self.attributes,
            verification_refused=self.verification_refused,
        )

    @property
    def may_reference_health_data(self) -> bool:
        """Only a qualified INS may reference or share health data, e.g. with the DMP (DOMAIN.md §2)."""
        return self.status is InsStatus.QUAL

    @property
    def shareable_ins(self) -> Ins | None:
        return self.ins if self.may_reference_health_data else None


@dataclass(frozen=True)
class ApcvIdentity:
    """The INS and traits read from the e-carte Vitale app for the chosen beneficiary (DOMAIN.md §2, §4)."""

    matricule: ParsedMatricule
    oid: InsOid
    traits: InsiTraits

    @property
    def ins(self) -> Ins:
        return Ins(matricule=self.matricule.value, oid=self.oid)


class Transitioned(NamedTuple):
    """The new identity state and the history entry that explains it."""

    identity: Identity
    transition: Transition


def _moved(
    before: Identity | None,
    after: Identity,
    kind: TransitionKind,
    *,
    by_rpps: str,
    at: datetime,
    reason: str,
    validation_mode: ValidationMode | None = None,
    document_check: DocumentCheck | None = None,
    insi: InsiResult | None = None,
    apcv_session_reference: str | None = None,
    attribute: IdentityAttribute | None = None,
) -> Transitioned:
    if not _RPPS.fullmatch(by_rpps):
        raise DomainError(ErrorCode.INVALID_RPPS, "the acting professional is named by an 11-digit RPPS")
    previous = before.status if before is not None else None
    if previous is not None and previous is not after.status:
        reason = f"{reason}; status {previous} -> {after.status}"
    transition = Transition(
        kind=kind,
        by_rpps=by_rpps,
        at=at,
        previous_status=previous,
        new_status=after.status,
        attributes=after.attributes,
        reason=reason,
        collection_method=after.collection_method,
        validation_mode=validation_mode,
        document_check=document_check,
        insi_operation=insi.operation if insi else None,
        insi_result_code=insi.code if insi else None,
        insi_call_reference=insi.call_reference if insi else None,
        apcv_session_reference=apcv_session_reference,
        attribute=attribute,
    )
    if transition.is_downgrade:
        transition = replace(transition, reason=f"{reason} (downgrade)")
    return Transitioned(after, transition)


def new_identity(
    typed_traits: TypedTraits,
    *,
    by_rpps: str,
    at: datetime,
    ins: Ins | None = None,
    attributes: frozenset[IdentityAttribute] = frozenset(),
) -> Transitioned:
    """A new identity from typed traits (and a typed INS, unconfirmed) starts PROV, manual (DOMAIN.md §2)."""
    identity = Identity(typed_traits=typed_traits, ins=ins, attributes=check_attributes(attributes))
    reason = "identity created" + (f" with attributes {'+'.join(sorted(attributes))}" if attributes else "")
    return _moved(None, identity, TransitionKind.CREATED, by_rpps=by_rpps, at=at, reason=reason)


def _check_ins_retrieval_allowed(identity: Identity) -> None:
    if identity.attributes & BLOCKING_ATTRIBUTES:
        raise DomainError(
            ErrorCode.ATTRIBUTE_FORBIDS_OPERATION, "a doubtful or fictitious identity cannot obtain an INS"
        )
    if identity.verification_refused:
        raise DomainError(ErrorCode.VERIFICATION_REFUSED, "the patient refused the INS verification")


def check_insi_allowed(identity: Identity) -> None:
    """Raise unless INSi may be called: not DOUT/FICT, no refusal, not read from the apCV (DOMAIN.md §2)."""
    _check_ins_retrieval_allowed(identity)
    if identity.collection_method is CollectionMethod.APCV:
        raise DomainError(ErrorCode.INSI_NOT_FOR_APCV_IDENTITY, "INSi is never called for an apCV identity")


def _check_same_person(held: Ins | None, returned: Ins, previous: tuple[Ins, ...]) -> None:
    # A different matricule is only acceptable when INSi lists the held one among the previous ones.
    if held is not None and held.matricule != returned.matricule and held not in previous:
        raise DomainError(ErrorCode.INS_MISMATCH, "the returned INS is not the one this identity holds")


def _verified(identity: Identity, result: InsiResult) -> Identity:
    if identity.ins is None:
        raise DomainError(ErrorCode.NO_INS_TO_VERIFY, "only an identity holding an INS can be verified")
    if result.code is not InsiResultCode.FOUND:
        return replace(identity, ins_confirmed=False)
    if result.identity is None:
        return replace(identity, ins_confirmed=True)
    if result.identity.ins != identity.ins:
        raise DomainError(ErrorCode.INS_MISMATCH, "INSi verified another INS than the one held")
    # Traits are stored as INSi returns them (DOMAIN.md §2), so a verification refreshes them.
    return replace(identity, ins_confirmed=True, insi_traits=result.identity.traits)


def _found(identity: Identity, result: InsiResult, returned: InsiIdentity) -> Identity:
    _check_same_person(identity.ins, returned.ins, returned.previous)
    by_vitale = result.operation is InsiOperation.SEARCH_BY_CARTE_VITALE
    return replace(
        identity,
        ins=returned.ins,
        previous_ins=returned.previous,
        insi_traits=returned.traits,
        ins_confirmed=True,
        collection_method=CollectionMethod.CARTE_VITALE if by_vitale else CollectionMethod.INSI,
    )


def record_insi_result(identity: Identity, result: InsiResult, *, by_rpps: str, at: datetime) -> Transitioned:
    """Apply an INSi answer: 00 retrieves or confirms, a failed verification downgrades (DOMAIN.md §2, §3)."""
    check_insi_allowed(identity)
    searching = result.operation is not InsiOperation.VERIFY
    if not searching:
        after = _verified(identity, result)
    elif result.identity is not None:
        after = _found(identity, result, result.identity)
    else:
        after = identity
    reason = _INSI_REASONS[(searching, result.code)]
    kind = TransitionKind.INSI_RESULT
    return _moved(identity, after, kind, by_rpps=by_rpps, at=at, reason=reason, insi=result)


def record_document_check(
    identity: Identity, check: DocumentCheck, *, by_rpps: str, at: datetime
) -> Transitioned:
    """Record a successful check of the traits against a high-trust document (DOMAIN.md §2)."""
    if IdentityAttribute.FICT in identity.attributes:
        raise DomainError(ErrorCode.ATTRIBUTE_FORBIDS_OPERATION, "a fictitious identity has no document")
    birth_date = (identity.insi_traits or identity.typed_traits).birth_date
    minor = age_on(birth_date, at.date()) < ADULT_AGE
    mode = assess_document_check(check, patient_is_minor=minor)
    after = replace(identity, validation_mode=mode)
    reason = f"traits checked against a high-trust document ({mode})"
    return _moved(
        identity,
        after,
        TransitionKind.DOCUMENT_CHECKED,
        by_rpps=by_rpps,
        at=at,
        reason=reason,
        validation_mode=mode,
        document_check=check,
    )


def set_attribute(
    identity: Identity, attribute: IdentityAttribute, *, by_rpps: str, at: datetime
) -> Transitioned:
    """Add DOUT, FICT or HOMA within the combination rules; DOUT/FICT send the status to PROV (§2)."""
    if attribute in identity.attributes:
        raise DomainError(ErrorCode.ATTRIBUTE_ALREADY_SET, f"{attribute} is already set")
    after = replace(identity, attributes=check_attributes(identity.attributes | {attribute}))
    return _moved(
        identity,
        after,
        TransitionKind.ATTRIBUTE_SET,
        by_rpps=by_rpps,
        at=at,
        reason=f"attribute {attribute} set",
        attribute=attribute,
    )


def clear_attribute(
    identity: Identity, attribute: IdentityAttribute, *, by_rpps: str, at: datetime
) -> Transitioned:
    """Remove an attribute; the status is derived again from the recorded facts (DOMAIN.md §2)."""
    if attribute not in identity.attributes:
        raise DomainError(ErrorCode.ATTRIBUTE_NOT_SET, f"{attribute} is not set")
    after = replace(identity, attributes=identity.attributes - {attribute})
    return _moved(
        identity,
        after,
        TransitionKind.ATTRIBUTE_CLEARED,
        by_rpps=by_rpps,
        at=at,
        reason=f"attribute {attribute} cleared",
        attribute=attribute,
    )


def record_refusal(identity: Identity, *, by_rpps: str, at: datetime) -> Transitioned:
    """The patient refuses the INS verification: no INSi call, no QUAL (DOMAIN.md §2; seed)."""
    if identity.verification_refused:
        raise DomainError(ErrorCode.REFUSAL_ALREADY_RECORDED, "the refusal is already recorded")
    after = replace(identity, verification_refused=True)
    reason = "patient refused the INS verification"
    return _moved(identity, after, TransitionKind.REFUSAL_RECORDED, by_rpps=by_rpps, at=at, reason=reason)


def withdraw_refusal(identity: Identity, *, by_rpps: str, at: datetime) -> Transitioned:
    """The patient withdraws the refusal; facts recorded earlier count again (DOMAIN.md §2)."""
    if not identity.verification_refused:
        raise DomainError(ErrorCode.NO_REFUSAL_RECORDED, "no refusal is recorded")
    after = replace(identity, verification_refused=False)
    reason = "patient withdrew the refusal of the INS verification"
    return _moved(identity, after, TransitionKind.REFUSAL_WITHDRAWN, by_rpps=by_rpps, at=at, reason=reason)


def qualify_from_apcv(
    identity: Identity, read: ApcvIdentity, *, by_rpps: str, at: datetime, session_reference: str
) -> Transitioned:
    """An identity read from the apCV is qualified, method AV, without INSi (RNIV 1 v2.0 §4.3.4)."""
    _check_ins_retrieval_allowed(identity)
    _check_same_person(identity.ins, read.ins, ())
    after = replace(
        identity,
        ins=read.ins,
        previous_ins=identity.previous_ins if identity.ins == read.ins else (),
        insi_traits=read.traits,
        ins_confirmed=True,
        validation_mode=ValidationMode.APCV,
        collection_method=CollectionMethod.APCV,
    )
    return _moved(
        identity,
        after,
        TransitionKind.APCV_QUALIFIED,
        by_rpps=by_rpps,
        at=at,
        reason="identity read from the e-carte Vitale app",
        validation_mode=ValidationMode.APCV,
        apcv_session_reference=session_reference,
    )
