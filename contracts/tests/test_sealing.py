"""Sealed event fields: AES-256-GCM under a rotatable key ring, bound to event type and field; and no
event payload carries a NIR, matricule, name or birth date in clear."""

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from dentalink_contracts import patient_key
from dentalink_contracts.events import (
    ALL_EVENTS,
    ActCode,
    ActRecorded,
    ActRole,
    ApcvBeneficiary,
    ApcvSessionClosed,
    ApcvSessionOpened,
    BillingRejectionReason,
    BirthTraits,
    DocumentFiled,
    DomainEvent,
    IdentityQualified,
    IdentityStatus,
    IdentityStatusChanged,
    Payer,
    ReportReference,
    SessionCloseReason,
    TeleExpertiseBilled,
    TeleExpertiseBillingRejected,
    TeleExpertiseStatus,
    TeleExpertiseStatusChanged,
)
from dentalink_contracts.sealing import (
    FieldKey,
    FieldKeyRing,
    FieldKeysError,
    Sealed,
    SealingError,
    development_field_keys,
    new_field_key_spec,
    parse_field_keys,
)
from dentalink_contracts.values import Ins, InsOid, Profession, Sex

NIR = "295109912611193"
OUVRANT_DROIT = "185037511312392"
BIRTH = date(1995, 10, 1)
NAMES = ("DUPONT-LAJOIE", "MARIE-CLAIRE", "MARTIN")
REPORT_TEXT = "Carie profonde 36, pulpite irréversible : dévitalisation à prévoir."
AT = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
INS = Ins(matricule=NIR, oid=InsOid.NIR_TEST)
KEY = patient_key(NIR, b"secret")


def ring(*kids: str) -> FieldKeyRing:
    return parse_field_keys(",".join(new_field_key_spec(kid) for kid in kids))


def test_a_sealed_field_round_trips_and_its_json_is_kid_nonce_ciphertext():
    keys = ring("k1")
    sealed = keys.seal(INS, IdentityQualified, "ins")
    assert set(json.loads(sealed.model_dump_json())) == {"kid", "nonce", "ciphertext"}
    assert sealed.kid == "k1" and NIR not in sealed.model_dump_json()
    back = Sealed[Ins].model_validate_json(sealed.model_dump_json())
    assert keys.open(back, IdentityQualified, "ins") == INS


def test_two_seals_of_one_value_differ():
    keys = ring("k1")
    assert (
        keys.seal(INS, IdentityQualified, "ins").ciphertext
        != keys.seal(INS, IdentityQualified, "ins").ciphertext
    )


def test_a_ring_without_the_key_id_or_with_another_key_under_it_cannot_open():
    sealed = ring("k1").seal(INS, IdentityQualified, "ins")
    with pytest.raises(SealingError):
        ring("k2").open(sealed, IdentityQualified, "ins")
    with pytest.raises(SealingError):
        ring("k1").open(sealed, IdentityQualified, "ins")  # same kid, another key


def test_a_tampered_ciphertext_nonce_or_kid_does_not_open():
    keys = ring("k1", "k0")
    sealed = keys.seal(INS, IdentityQualified, "ins")
    flipped = ("A" if sealed.ciphertext[5] != "A" else "B").join(
        (sealed.ciphertext[:5], sealed.ciphertext[6:])
    )
    for tampered in (
        sealed.model_copy(update={"ciphertext": flipped}),
        sealed.model_copy(update={"nonce": "A" * 16}),
        sealed.model_copy(update={"kid": "k0"}),
        sealed.model_copy(update={"ciphertext": sealed.ciphertext[:-4]}),
    ):
        with pytest.raises(SealingError):
            keys.open(tampered, IdentityQualified, "ins")


def test_a_ciphertext_moved_to_another_field_or_event_type_does_not_open():
    keys = ring("k1")
    sealed = keys.seal(INS, ActRecorded, "patient_ins")
    with pytest.raises(SealingError):
        keys.open(sealed, ActRecorded, "report")
    with pytest.raises(SealingError):
        keys.open(sealed, IdentityQualified, "ins")
    assert keys.open(sealed, ActRecorded, "patient_ins") == INS


def test_a_value_of_another_shape_does_not_open_and_is_not_quoted():
    keys = ring("k1")
    sealed = keys.seal("295109912611193 DUPONT", "fr.dentalink.test.v1", "ins")
    as_ins = Sealed[Ins](kid=sealed.kid, nonce=sealed.nonce, ciphertext=sealed.ciphertext)
    with pytest.raises(SealingError) as refused:
        keys.open(as_ins, "fr.dentalink.test.v1", "ins")
    assert NIR not in str(refused.value) and refused.value.__cause__ is None


def test_rotation_seals_with_the_first_key_and_still_opens_what_the_old_one_sealed():
    old_spec = new_field_key_spec("2026-01")
    new_spec = new_field_key_spec("2026-07")
    before = parse_field_keys(old_spec)
    sealed_before = before.seal(INS, IdentityQualified, "ins")
    rotated = parse_field_keys(f"{new_spec},{old_spec}")
    assert rotated.open(sealed_before, IdentityQualified, "ins") == INS
    sealed_after = rotated.seal(INS, IdentityQualified, "ins")
    assert sealed_after.kid == "2026-07"
    with pytest.raises(SealingError):  # a consumer not rotated yet cannot read the new key
        before.open(sealed_after, IdentityQualified, "ins")
    retired = parse_field_keys(new_spec)
    with pytest.raises(SealingError):  # once the old key is dropped, its events no longer open
        retired.open(sealed_before, IdentityQualified, "ins")


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "nokey",
        "k1:not base64!",
        "k1:" + "A" * 10,
        "bad kid!:" + new_field_key_spec("x").partition(":")[2],
        f"{new_field_key_spec('a')},{new_field_key_spec('a')}",
    ],
)
def test_a_malformed_ring_is_refused_without_echoing_a_key(spec):
    with pytest.raises(FieldKeysError) as refused:
        parse_field_keys(spec)
    assert "AAAAAAAAAA" not in str(refused.value)
    for entry in spec.split(","):
        secret = entry.partition(":")[2]
        if len(secret) > 20:
            assert secret not in str(refused.value)


def test_a_key_is_never_in_the_ring_repr():
    key = FieldKey("k1", bytes(range(32)))
    assert "k1" in repr(FieldKeyRing([key])) and str(bytes(range(32))) not in repr(key)


def test_a_sealed_field_rejects_a_clear_value():
    with pytest.raises(ValidationError):
        IdentityQualified.model_validate(
            {
                "identity_id": str(uuid.uuid4()),
                "practice_id": "cab-1",
                "patient_key": KEY,
                "ins": {"matricule": NIR, "oid": InsOid.NIR_TEST.value},
                "traits": {"birth_date": "1995-10-01", "sex": "F"},
                "qualified_at": AT.isoformat(),
            }
        )


def realistic_events(keys: FieldKeyRing) -> list[DomainEvent]:
    beneficiary = ApcvBeneficiary(
        nir=NIR,
        ouvrant_droit_nir=OUVRANT_DROIT,
        birth_name=NAMES[0],
        usage_name=NAMES[2],
        first_names=NAMES[1],
        birth_date=BIRTH,
        birth_rank=1,
        sex=Sex.FEMALE,
        birth_place_code="99100",
        quality="01",
        insurer="01 751 0000",
        ins=INS,
    )
    report = ReportReference(
        title="Compte rendu", content_type="text/plain", content=REPORT_TEXT, sha256="0" * 64
    )
    ids = {"act_id": uuid.uuid4(), "expertise_id": uuid.uuid4()}
    return [
        IdentityQualified(
            identity_id=uuid.uuid4(),
            practice_id="cab-1",
            patient_key=KEY,
            ins=keys.seal(INS, IdentityQualified, "ins"),
            traits=keys.seal(BirthTraits(birth_date=BIRTH, sex=Sex.FEMALE), IdentityQualified, "traits"),
            qualified_at=AT,
        ),
        IdentityStatusChanged(
            identity_id=uuid.uuid4(),
            practice_id="cab-1",
            patient_key=KEY,
            ins=keys.seal(INS, IdentityStatusChanged, "ins"),
            previous_status=IdentityStatus.VALI,
            new_status=IdentityStatus.QUAL,
            changed_at=AT,
        ),
        ApcvSessionOpened(
            session_id=uuid.uuid4(),
            practice_id="cab-1",
            practitioner_rpps="10001234567",
            patient_key=KEY,
            beneficiary=keys.seal(beneficiary, ApcvSessionOpened, "beneficiary"),
            opened_at=AT,
            expires_at=AT,
        ),
        ApcvSessionClosed(
            session_id=uuid.uuid4(),
            practice_id="cab-1",
            patient_key=KEY,
            reason=SessionCloseReason.CLOSED,
            closed_at=AT,
        ),
        ActRecorded(
            **ids,
            practice_id="cab-1",
            role=ActRole.REQUIS,
            practitioner_rpps="10001234567",
            practitioner_profession=Profession.DENTIST,
            patient_key=KEY,
            patient_ins=keys.seal(INS, ActRecorded, "patient_ins"),
            act_code=ActCode.TE2,
            performed_at=AT,
            report=keys.seal(report, ActRecorded, "report"),
        ),
        TeleExpertiseBilled(
            **ids,
            practice_id="cab-1",
            practitioner_rpps="10001234567",
            patient_key=KEY,
            invoice_id=uuid.uuid4(),
            act_code=ActCode.TE2,
            amount=Decimal("20.00"),
            payer=Payer.AMO,
            billed_at=AT,
        ),
        TeleExpertiseBillingRejected(
            **ids,
            practice_id="cab-1",
            practitioner_rpps="10001234567",
            patient_key=KEY,
            act_code=ActCode.TE2,
            reason=BillingRejectionReason.YEARLY_CAP_REACHED,
            detail="4 acts already billed this year",
            rejected_at=AT,
        ),
        TeleExpertiseStatusChanged(
            expertise_id=ids["expertise_id"],
            previous_status=TeleExpertiseStatus.REQUESTED,
            new_status=TeleExpertiseStatus.ACCEPTED,
            requerant_practice_id="cab-1",
            requis_practice_id="cab-2",
            changed_at=AT,
        ),
        DocumentFiled(
            document_id=uuid.uuid4(),
            version_id=uuid.uuid4(),
            version=1,
            practice_id="cab-1",
            patient_key=KEY,
            identity_id=uuid.uuid4(),
            filed_at=AT,
        ),
    ]


def test_every_event_type_serialises_without_personal_data_in_clear():
    keys = development_field_keys()
    events = realistic_events(keys)
    # Every event type the contracts register (tests elsewhere may register their own).
    registered = {
        event_type
        for event_type, cls in DomainEvent.registry.items()
        if cls.__module__.startswith("dentalink_contracts.")
    }
    assert {type(event).event_type for event in events} == registered == {e.event_type for e in ALL_EVENTS}
    forbidden = [NIR, OUVRANT_DROIT, NIR[:13], *NAMES, BIRTH.isoformat(), "19951001", "Carie", "pulpite"]
    for event in events:
        payload = event.model_dump_json()
        for clear in forbidden:
            assert clear not in payload, f"{type(event).__name__} carries personal data in clear"
        # ...and what is sealed opens again for a consumer holding the ring.
        again = type(event).model_validate_json(payload)
        for field in type(event).model_fields:
            value = getattr(again, field)
            if isinstance(value, Sealed):
                assert keys.open(value, again, field) is not None
