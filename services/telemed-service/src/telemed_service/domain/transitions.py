"""Pure transitions of a tele-expertise, each returning the new state and its trace entry (CSP R6316-4)."""

from datetime import datetime
from typing import Any
from uuid import UUID

from dentalink_contracts.values import Ins
from telemed_service.domain.attachments import Attachment, AttachmentPolicy, check_attachments
from telemed_service.domain.eligibility import Situation, check_eligibility
from telemed_service.domain.errors import (
    IllegalTransition,
    NotPartyError,
    TimestampOutOfOrderError,
    WrongPartyError,
)
from telemed_service.domain.expertise import TeleExpertise, Transition
from telemed_service.domain.professionals import Professional
from telemed_service.domain.report import Refusal, Report
from telemed_service.domain.states import LEGAL_FROM, PARTY_FOR, Action, ExpertiseStatus, PartyRole
from telemed_service.domain.trace import TraceEntry


def role_of(expertise: TeleExpertise, rpps: str) -> PartyRole | None:
    """The side this RPPS is on in the tele-expertise, or None for a stranger to it (DOMAIN.md §6)."""
    if rpps == expertise.requerant.rpps:
        return PartyRole.REQUERANT
    if rpps == expertise.requis.rpps:
        return PartyRole.REQUIS
    return None


def authorise(expertise: TeleExpertise, action: Action, actor_rpps: str) -> PartyRole:
    """The actor's role if he is the party entitled to the action, else NotParty/WrongParty (DOMAIN.md §6)."""
    # Who is checked before the state, so a stranger learns nothing about where the file stands.
    role = role_of(expertise, actor_rpps)
    if role is None:
        raise NotPartyError(action)
    required = PARTY_FOR[action]
    if role is not required:
        raise WrongPartyError(action, required)
    return role


def ensure_legal(expertise: TeleExpertise, action: Action) -> None:
    """Raise IllegalTransition unless the action is legal from the current status (states.LEGAL_FROM)."""
    if expertise.status not in LEGAL_FROM[action]:
        raise IllegalTransition(expertise.status, action)


def require_aware(now: datetime) -> None:
    """Refuse a naive date and time: a trace needs an unambiguous instant (CSP R6316-4)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("a date and time must carry its timezone offset")


def ensure_in_order(expertise: TeleExpertise, now: datetime) -> None:
    """Refuse a time before the file's last change, so the trace reads in order (CSP R6316-4)."""
    require_aware(now)
    if now < expertise.last_changed_at:
        raise TimestampOutOfOrderError(now, expertise.last_changed_at)


def evolve(expertise: TeleExpertise, **changes: Any) -> TeleExpertise:
    """A new snapshot with the changes applied and the aggregate's invariants re-checked."""
    # Re-validated rather than model_copy'd: a copy would skip the invariants.
    return TeleExpertise.model_validate({**dict(expertise), **changes})


def make_transition(
    before: TeleExpertise,
    after: TeleExpertise,
    action: Action,
    role: PartyRole,
    actor_rpps: str | None,
    now: datetime,
    details: str = "",
) -> Transition:
    """Pair the new state with the trace entry of the action that produced it (CSP R6316-4)."""
    entry = TraceEntry(
        expertise_id=before.id,
        at=now,
        action=action,
        actor_role=role,
        actor_rpps=actor_rpps,
        from_status=None if action is Action.REQUEST else before.status,
        to_status=after.status,
        details=details,
    )
    return Transition(after, entry)


def request_expertise(
    *,
    expertise_id: UUID,
    situation: Situation,
    requerant: Professional,
    requis: Professional,
    known_relationship: bool,
    patient: Ins,
    reasons: str,
    now: datetime,
    attachments: tuple[Attachment, ...] = (),
    policy: AttachmentPolicy | None = None,
) -> Transition:
    """Open a tele-expertise if the request is eligible and its files within limits (avenant 1 art. 58)."""
    check_eligibility(situation, requerant, requis, known_relationship)
    check_attachments(attachments, policy or AttachmentPolicy())
    expertise = TeleExpertise(
        id=expertise_id,
        situation=situation,
        requerant=requerant,
        requis=requis,
        known_relationship=known_relationship,
        patient=patient,
        reasons=reasons,
        attachments=attachments,
        requested_at=now,
    )
    details = f"situation={situation.value}; attachments={len(attachments)}"
    role = PartyRole.REQUERANT
    return make_transition(expertise, expertise, Action.REQUEST, role, requerant.rpps, now, details)


_REACHED_BY = {
    Action.ACCEPT: ExpertiseStatus.ACCEPTED,
    Action.ANSWER: ExpertiseStatus.ANSWERED,
    Action.REFUSE: ExpertiseStatus.REFUSED,
    Action.CANCEL: ExpertiseStatus.CANCELLED,
}


def repeats(
    expertise: TeleExpertise,
    action: Action,
    actor_rpps: str,
    *,
    report: Report | None = None,
    refusal: Refusal | None = None,
) -> bool:
    """The entitled party asks again for the step that brought the file where it is (the same report,
    the same refusal): a retry after a lost answer, answered with the file as it stands rather than
    a conflict, and neither traced nor announced twice (RFC 9110 §9.2.2, idempotent retries)."""
    authorise(expertise, action, actor_rpps)
    if expertise.status is not _REACHED_BY[action]:
        return False
    if action is Action.ANSWER:
        return expertise.report == report
    if action is Action.REFUSE:
        return expertise.refusal == refusal
    return True


def accept(expertise: TeleExpertise, actor_rpps: str, now: datetime) -> Transition:
    """The requis takes the tele-expertise on (DOMAIN.md §6)."""
    role = authorise(expertise, Action.ACCEPT, actor_rpps)
    ensure_legal(expertise, Action.ACCEPT)
    ensure_in_order(expertise, now)
    after = evolve(expertise, status=ExpertiseStatus.ACCEPTED, accepted_at=now)
    return make_transition(expertise, after, Action.ACCEPT, role, actor_rpps, now)


def refuse(expertise: TeleExpertise, actor_rpps: str, refusal: Refusal, now: datetime) -> Transition:
    """The requis declines, e.g. outside his field of expertise (avenant 1 art. 58.1.2)."""
    role = authorise(expertise, Action.REFUSE, actor_rpps)
    ensure_legal(expertise, Action.REFUSE)
    ensure_in_order(expertise, now)
    after = evolve(expertise, status=ExpertiseStatus.REFUSED, refusal=refusal, closed_at=now)
    details = f"reason={refusal.reason.value}" + (f"; {refusal.detail}" if refusal.detail else "")
    return make_transition(expertise, after, Action.REFUSE, role, actor_rpps, now, details)


def answer(
    expertise: TeleExpertise,
    actor_rpps: str,
    report: Report,
    now: datetime,
    policy: AttachmentPolicy | None = None,
) -> Transition:
    """The requis sends his report; the acts become due (DOMAIN.md §6; CSP R6316-4)."""
    role = authorise(expertise, Action.ANSWER, actor_rpps)
    ensure_legal(expertise, Action.ANSWER)
    ensure_in_order(expertise, now)
    check_attachments(report.attachments, policy or AttachmentPolicy())
    after = evolve(expertise, status=ExpertiseStatus.ANSWERED, report=report, closed_at=now)
    details = (
        f"attachments={len(report.attachments)}; acts={len(report.acts)}; "
        f"prescriptions={len(report.prescriptions)}"
    )
    return make_transition(expertise, after, Action.ANSWER, role, actor_rpps, now, details)


def cancel(expertise: TeleExpertise, actor_rpps: str, now: datetime, reason: str | None = None) -> Transition:
    """The requérant withdraws his request before it is answered (DOMAIN.md §6)."""
    role = authorise(expertise, Action.CANCEL, actor_rpps)
    ensure_legal(expertise, Action.CANCEL)
    ensure_in_order(expertise, now)
    after = evolve(expertise, status=ExpertiseStatus.CANCELLED, cancellation_reason=reason, closed_at=now)
    return make_transition(expertise, after, Action.CANCEL, role, actor_rpps, now, reason or "")


def record_incident(
    expertise: TeleExpertise, actor_rpps: str | None, description: str, now: datetime
) -> Transition:
    """Trace a technical incident, in any state, by a party or the platform (None); CSP R6316-4."""
    if actor_rpps is None:
        role = PartyRole.SYSTEM
    else:
        party = role_of(expertise, actor_rpps)
        if party is None:
            raise NotPartyError(Action.RECORD_INCIDENT)
        role = party
    if not description.strip():
        raise ValueError("an incident needs a description")
    ensure_in_order(expertise, now)
    return make_transition(
        expertise, expertise, Action.RECORD_INCIDENT, role, actor_rpps, now, description.strip()
    )
