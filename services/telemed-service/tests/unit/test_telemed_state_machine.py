"""Tele-expertise life cycle: every state × every action × every actor, and the trace each one leaves."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from pydantic import ValidationError

from dentalink_contracts.events import TeleExpertiseStatus
from dentalink_contracts.values import Ins, InsOid
from telemed_service.domain import (
    Action,
    ExpertiseStatus,
    IllegalTransition,
    NotPartyError,
    NotYetExpiredError,
    PartyRole,
    Professional,
    Refusal,
    RefusalReason,
    Report,
    Situation,
    TeleExpertise,
    TimestampOutOfOrderError,
    Transition,
    WrongPartyError,
    accept,
    answer,
    cancel,
    expire,
    record_incident,
    refuse,
    request_expertise,
)

S = ExpertiseStatus
REQUERANT = Professional(rpps="10000000001", profession="dentist")
REQUIS = Professional(rpps="10000000002", profession="dentist", specialty="oral_medicine")
STRANGER = "10000000003"
ACTOR_RPPS = {"requerant": REQUERANT.rpps, "requis": REQUIS.rpps, "stranger": STRANGER, "system": None}
PATIENT = Ins(matricule="295109912611193", oid=InsOid.NIR_TEST)
T0 = datetime(2025, 6, 2, 14, 37, 21, 123456, tzinfo=timezone(timedelta(hours=2)))
LATER = T0 + timedelta(days=8)  # after every state's last change and past the 7-day deadline
REFUSAL = Refusal(reason=RefusalReason.OUTSIDE_EXPERTISE)
REPORT = Report(
    text="Lésion bénigne, contrôle à 3 mois.", acts=("HBQK002",), prescriptions=("bain de bouche",)
)


def requested() -> TeleExpertise:
    return request_expertise(
        expertise_id=UUID(int=42),
        situation=Situation.SUSPECTED_ORAL_CANCER,
        requerant=REQUERANT,
        requis=REQUIS,
        known_relationship=False,
        patient=PATIENT,
        reasons="Ulcération linguale persistante depuis 3 semaines.",
        now=T0,
    ).expertise


def accepted() -> TeleExpertise:
    return accept(requested(), REQUIS.rpps, T0 + timedelta(hours=1)).expertise


STATE_BUILDERS: dict[ExpertiseStatus, Callable[[], TeleExpertise]] = {
    S.REQUESTED: requested,
    S.ACCEPTED: accepted,
    S.ANSWERED: lambda: answer(accepted(), REQUIS.rpps, REPORT, T0 + timedelta(hours=2)).expertise,
    S.REFUSED: lambda: refuse(requested(), REQUIS.rpps, REFUSAL, T0 + timedelta(hours=1)).expertise,
    S.CANCELLED: lambda: cancel(requested(), REQUERANT.rpps, T0 + timedelta(hours=1)).expertise,
    S.EXPIRED: lambda: expire(requested(), T0 + timedelta(days=7, seconds=1)).expertise,
}

# Written out from DOMAIN.md §6 and the brief, independently of the implementation's tables.
ALLOWED = {
    (S.REQUESTED, Action.ACCEPT): S.ACCEPTED,
    (S.REQUESTED, Action.REFUSE): S.REFUSED,
    (S.ACCEPTED, Action.REFUSE): S.REFUSED,
    (S.ACCEPTED, Action.ANSWER): S.ANSWERED,
    (S.REQUESTED, Action.CANCEL): S.CANCELLED,
    (S.ACCEPTED, Action.CANCEL): S.CANCELLED,
    (S.REQUESTED, Action.EXPIRE): S.EXPIRED,
    (S.ACCEPTED, Action.EXPIRE): S.EXPIRED,
}
ONLY_PARTY = {
    Action.ACCEPT: "requis",
    Action.REFUSE: "requis",
    Action.ANSWER: "requis",
    Action.CANCEL: "requerant",
}


def perform(action: Action, expertise: TeleExpertise, actor: str | None, now: datetime) -> Transition:
    if action is Action.EXPIRE:
        return expire(expertise, now)
    if action is Action.RECORD_INCIDENT:
        return record_incident(expertise, actor, "upload of an X-ray timed out", now)
    assert actor is not None
    if action is Action.ACCEPT:
        return accept(expertise, actor, now)
    if action is Action.REFUSE:
        return refuse(expertise, actor, REFUSAL, now)
    if action is Action.ANSWER:
        return answer(expertise, actor, REPORT, now)
    return cancel(expertise, actor, now, reason="patient transferred")


def test_every_state_can_be_built() -> None:
    assert {status: build().status for status, build in STATE_BUILDERS.items()} == {s: s for s in S}


@pytest.mark.parametrize("actor", ["requerant", "requis", "stranger"])
@pytest.mark.parametrize("action", list(ONLY_PARTY))
@pytest.mark.parametrize("state", list(S))
def test_party_actions(state: ExpertiseStatus, action: Action, actor: str) -> None:
    before = STATE_BUILDERS[state]()
    rpps = ACTOR_RPPS[actor]
    if actor == "stranger":
        with pytest.raises(NotPartyError) as error:
            perform(action, before, rpps, LATER)
        assert error.value.code == "not_party"
    elif actor != ONLY_PARTY[action]:
        with pytest.raises(WrongPartyError) as wrong:
            perform(action, before, rpps, LATER)
        assert wrong.value.code == "wrong_party"
        assert wrong.value.required == ONLY_PARTY[action]
    elif (state, action) not in ALLOWED:
        with pytest.raises(IllegalTransition) as illegal:
            perform(action, before, rpps, LATER)
        assert (illegal.value.from_state, illegal.value.action) == (state, action)
        assert illegal.value.code == "illegal_transition"
    else:
        after, entry = perform(action, before, rpps, LATER)
        assert after.status is ALLOWED[state, action]
        assert (entry.action, entry.actor_rpps, entry.actor_role) == (action, rpps, actor)
        assert (entry.from_status, entry.to_status, entry.at) == (state, after.status, LATER)


@pytest.mark.parametrize("state", list(S))
def test_expire_from_every_state(state: ExpertiseStatus) -> None:
    before = STATE_BUILDERS[state]()
    if (state, Action.EXPIRE) not in ALLOWED:
        with pytest.raises(IllegalTransition) as illegal:
            expire(before, LATER)
        assert illegal.value.from_state is state
        return
    after, entry = expire(before, LATER)
    assert after.status is S.EXPIRED
    assert after.closed_at == LATER
    assert (entry.actor_role, entry.actor_rpps, entry.from_status) == (PartyRole.SYSTEM, None, state)


@pytest.mark.parametrize("state", [S.REQUESTED, S.ACCEPTED])
def test_expire_before_the_deadline_is_refused(state: ExpertiseStatus) -> None:
    with pytest.raises(NotYetExpiredError) as early:
        expire(STATE_BUILDERS[state](), T0 + timedelta(days=7))
    assert early.value.deadline == T0 + timedelta(days=7)


@pytest.mark.parametrize("actor", ["requerant", "requis", "stranger", "system"])
@pytest.mark.parametrize("state", list(S))
def test_incidents_are_traced_in_every_state(state: ExpertiseStatus, actor: str) -> None:
    before = STATE_BUILDERS[state]()
    rpps = ACTOR_RPPS[actor]
    if actor == "stranger":
        with pytest.raises(NotPartyError):
            record_incident(before, rpps, "lost connection", LATER)
        return
    after, entry = record_incident(before, rpps, "  lost connection during upload ", LATER)
    assert after == before
    assert entry.action is Action.RECORD_INCIDENT
    assert (entry.actor_role, entry.actor_rpps) == (actor, rpps)
    assert (entry.from_status, entry.to_status) == (state, state)
    assert entry.details == "lost connection during upload"


def test_an_incident_needs_a_description() -> None:
    with pytest.raises(ValueError, match="description"):
        record_incident(requested(), None, "   ", LATER)


def test_request_leaves_a_first_trace_entry_by_the_requerant() -> None:
    expertise, entry = request_expertise(
        expertise_id=UUID(int=7),
        situation=Situation.RARE_DISEASE,
        requerant=REQUERANT,
        requis=REQUIS,
        known_relationship=True,
        patient=PATIENT,
        reasons="Suspected ectodermal dysplasia.",
        now=T0,
    )
    assert expertise.status is S.REQUESTED
    assert (expertise.requested_at, expertise.known_relationship, expertise.patient) == (T0, True, PATIENT)
    assert (entry.expertise_id, entry.action) == (UUID(int=7), Action.REQUEST)
    assert entry.actor_rpps == REQUERANT.rpps
    assert (entry.actor_role, entry.from_status, entry.to_status) == (PartyRole.REQUERANT, None, S.REQUESTED)
    assert "situation=rare_disease" in entry.details


def test_trace_entries_carry_date_and_time_with_offset() -> None:
    at = datetime(2025, 6, 3, 8, 5, 9, 654321, tzinfo=UTC)
    entry = accept(requested(), REQUIS.rpps, at).entry
    assert entry.at == at
    assert (entry.at.date().isoformat(), entry.at.time().isoformat()) == ("2025-06-03", "08:05:09.654321")
    assert entry.model_dump(mode="json")["at"] == "2025-06-03T08:05:09.654321Z"


def test_trace_entries_are_immutable() -> None:
    entry = accept(requested(), REQUIS.rpps, LATER).entry
    with pytest.raises(ValidationError):
        # The assignment a frozen model refuses at run time is the point; mypy refuses it statically.
        entry.details = "rewritten"  # type: ignore[misc]


@pytest.mark.parametrize("action", [Action.ACCEPT, Action.CANCEL, Action.RECORD_INCIDENT])
def test_a_naive_time_is_rejected(action: Action) -> None:
    actor = ACTOR_RPPS[ONLY_PARTY.get(action, "requis")]
    with pytest.raises(ValueError, match="timezone"):
        perform(action, requested(), actor, datetime(2025, 6, 3, 8, 0))


@pytest.mark.parametrize("action", [Action.ACCEPT, Action.REFUSE, Action.CANCEL, Action.RECORD_INCIDENT])
def test_a_time_before_the_last_change_is_rejected(action: Action) -> None:
    actor = ACTOR_RPPS[ONLY_PARTY.get(action, "requis")]
    with pytest.raises(TimestampOutOfOrderError):
        perform(action, requested(), actor, T0 - timedelta(microseconds=1))


def test_a_time_before_acceptance_cannot_answer() -> None:
    with pytest.raises(TimestampOutOfOrderError):
        answer(accepted(), REQUIS.rpps, REPORT, T0 + timedelta(minutes=59))


def test_answer_keeps_the_report_and_its_time() -> None:
    after, entry = answer(accepted(), REQUIS.rpps, REPORT, LATER)
    assert after.report == REPORT
    assert after.answered_at == LATER == after.closed_at
    assert entry.details == "attachments=0; acts=1; prescriptions=1"


def test_refusal_keeps_its_reason() -> None:
    refusal = Refusal(reason=RefusalReason.OTHER, detail="on leave until September")
    after, entry = refuse(accepted(), REQUIS.rpps, refusal, LATER)
    assert after.refusal == refusal
    assert after.answered_at is None
    assert entry.details == "reason=other; on leave until September"


def test_another_reason_must_be_explained() -> None:
    with pytest.raises(ValidationError, match="which"):
        Refusal(reason=RefusalReason.OTHER)


def test_cancellation_keeps_its_reason() -> None:
    after, entry = cancel(accepted(), REQUERANT.rpps, LATER, reason="patient transferred")
    assert after.cancellation_reason == "patient transferred"
    assert entry.details == "patient transferred"


def test_transitions_do_not_change_the_state_they_start_from() -> None:
    before = requested()
    snapshot = before.model_dump()
    accept(before, REQUIS.rpps, LATER)
    assert before.model_dump() == snapshot
    assert before.status is S.REQUESTED


def test_an_inconsistent_state_cannot_be_built() -> None:
    answered = STATE_BUILDERS[S.ANSWERED]()
    with pytest.raises(ValidationError, match="report"):
        TeleExpertise.model_validate({**dict(answered), "report": None})
    with pytest.raises(ValidationError, match="closed_at"):
        TeleExpertise.model_validate({**dict(answered), "closed_at": None})
    with pytest.raises(ValidationError, match="follow one another"):
        TeleExpertise.model_validate({**dict(answered), "accepted_at": T0 - timedelta(seconds=1)})


def test_every_status_a_file_reaches_is_one_the_status_event_announces() -> None:
    # announcement.status_changed converts by value: a status the contract lacks would fail the step.
    assert [status.value for status in ExpertiseStatus] == [status.value for status in TeleExpertiseStatus]
