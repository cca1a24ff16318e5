"""Acts of an answered tele-expertise: RQD for the requérant, TE2 for the requis, with stable ids."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.events.telemed import ActCode, ActRole
from dentalink_contracts.values import Ins, InsOid
from telemed_service.domain import (
    NotAnsweredError,
    Professional,
    Refusal,
    RefusalReason,
    Report,
    Situation,
    TeleExpertise,
    accept,
    act_id_for,
    acts_for_answer,
    answer,
    cancel,
    expire,
    refuse,
    request_expertise,
)

REQUERANT = Professional(rpps="10000000001", profession="nurse", establishment_finess="750712184")
REQUIS = Professional(rpps="10000000002", profession="dentist")
T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
ANSWERED_AT = T0 + timedelta(days=2, hours=3, minutes=17)


def requested(expertise_id: UUID) -> TeleExpertise:
    return request_expertise(
        expertise_id=expertise_id,
        situation=Situation.EHPAD_RESIDENT,
        requerant=REQUERANT,
        requis=REQUIS,
        known_relationship=True,
        patient=Ins(matricule="253072B07300470", oid=InsOid.NIR_TEST),
        reasons="Douleur sous prothèse amovible.",
        now=T0,
    ).expertise


def answered(expertise_id: UUID = UUID(int=1)) -> TeleExpertise:
    accepted = accept(requested(expertise_id), REQUIS.rpps, T0 + timedelta(hours=1)).expertise
    return answer(accepted, REQUIS.rpps, Report(text="Blessure prothétique."), ANSWERED_AT).expertise


def test_an_answer_gives_one_rqd_to_the_requerant_and_one_te2_to_the_requis() -> None:
    expertise = answered()
    requerant_act, requis_act = acts_for_answer(expertise, ANSWERED_AT)
    assert (requerant_act.role, requerant_act.code, requerant_act.practitioner_rpps) == (
        ActRole.REQUERANT,
        ActCode.RQD,
        REQUERANT.rpps,
    )
    assert (requis_act.role, requis_act.code, requis_act.practitioner_rpps) == (
        ActRole.REQUIS,
        ActCode.TE2,
        REQUIS.rpps,
    )
    for act in (requerant_act, requis_act):
        assert act.expertise_id == expertise.id
        assert act.performed_at == ANSWERED_AT


def test_act_ids_are_pinned() -> None:
    # Changing the derivation would re-key acts already emitted: billing would count them twice.
    assert act_id_for(UUID(int=1), ActRole.REQUERANT) == UUID("56989adc-8125-5ef9-892b-c191c51e9615")
    assert act_id_for(UUID(int=1), ActRole.REQUIS) == UUID("e7887a83-4d24-59d5-bb60-ff3e3b968cfe")


def test_acts_are_the_same_when_derived_again() -> None:
    expertise = answered()
    assert acts_for_answer(expertise, ANSWERED_AT) == acts_for_answer(expertise, ANSWERED_AT)
    ids = [act.act_id for act in acts_for_answer(expertise, ANSWERED_AT)]
    assert ids == [act_id_for(expertise.id, ActRole.REQUERANT), act_id_for(expertise.id, ActRole.REQUIS)]


@given(first=st.uuids(), second=st.uuids())
def test_act_ids_differ_by_role_and_by_expertise(first: UUID, second: UUID) -> None:
    assert act_id_for(first, ActRole.REQUERANT) != act_id_for(first, ActRole.REQUIS)
    assert act_id_for(first, ActRole.REQUERANT) == act_id_for(UUID(str(first)), ActRole.REQUERANT)
    if first != second:
        assert act_id_for(first, ActRole.REQUIS) != act_id_for(second, ActRole.REQUIS)


def test_answered_at_must_be_the_time_of_the_report() -> None:
    with pytest.raises(ValueError, match="answered_at"):
        acts_for_answer(answered(), ANSWERED_AT + timedelta(seconds=1))


@pytest.mark.parametrize("step", ["requested", "accepted", "refused", "cancelled", "expired"])
def test_no_act_without_an_answer(step: str) -> None:
    expertise = requested(UUID(int=2))
    later = T0 + timedelta(days=9)
    if step == "accepted":
        expertise = accept(expertise, REQUIS.rpps, later).expertise
    elif step == "refused":
        refusal = Refusal(reason=RefusalReason.OUTSIDE_EXPERTISE)
        expertise = refuse(expertise, REQUIS.rpps, refusal, later).expertise
    elif step == "cancelled":
        expertise = cancel(expertise, REQUERANT.rpps, later).expertise
    elif step == "expired":
        expertise = expire(expertise, later).expertise
    with pytest.raises(NotAnsweredError) as error:
        acts_for_answer(expertise, later)
    assert error.value.status == step
