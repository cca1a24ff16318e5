"""The sandbox issuer's fictitious patients are consistent and their tokens verify (DOMAIN.md §1-4)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from joserfc.jwk import ECKey, KeySet

from dentalink_contracts import InsOid, Sex
from vitale_service.domain import (
    SANDBOX_ADRI_RIGHTS,
    SANDBOX_PATIENTS,
    AmoBeneficiary,
    AmoQuality,
    SandboxPatient,
    has_valid_key,
    mint_apcv_token,
    rights_allow_session,
    sandbox_patient,
    verify_apcv_token,
)

EVERYONE = [(p.label, b) for p in SANDBOX_PATIENTS for b in p.content.beneficiaries]
KEY = ECKey.generate_key("P-256", parameters={"kid": "sandbox-1"})


@pytest.mark.parametrize(
    ("label", "person"), EVERYONE, ids=[f"{label}-{b.first_names}" for label, b in EVERYONE]
)
def test_every_nir_is_fictitious_yet_consistent_with_the_person(label: str, person: AmoBeneficiary) -> None:
    nir = person.nir
    assert has_valid_key(nir)
    assert nir[0] == {Sex.MALE: "1", Sex.FEMALE: "2"}[person.sex or Sex.MALE]
    assert nir[1:5] == person.birth_date.strftime("%y%m")
    assert nir[5:10] == person.birth_place_code


@pytest.mark.parametrize(
    ("label", "person"), EVERYONE, ids=[f"{label}-{b.first_names}" for label, b in EVERYONE]
)
def test_every_ins_is_on_the_test_oid(label: str, person: AmoBeneficiary) -> None:
    if person.ins is not None:
        assert person.ins.oid is InsOid.NIR_TEST
        assert person.ins.matricule == person.nir


def test_labels_are_unique_and_can_be_looked_up() -> None:
    labels = [p.label for p in SANDBOX_PATIENTS]
    assert len(set(labels)) == len(labels)
    assert sandbox_patient("leroy-closed").content.holder.birth_name == "LEROY"
    with pytest.raises(KeyError):
        sandbox_patient("nobody")


def test_a_family_has_an_ouvrant_droit_a_conjoint_and_children() -> None:
    qualities = [b.quality for b in sandbox_patient("martin-family").content.beneficiaries]
    assert qualities == [AmoQuality.OUVRANT_DROIT, AmoQuality.CONJOINT, AmoQuality.ENFANT, AmoQuality.ENFANT]


def test_the_twins_share_a_birth_date_and_differ_by_rank() -> None:
    noah, emma = sandbox_patient("bernard-twins").content.beneficiaries[1:]
    assert noah.birth_date == emma.birth_date
    assert (noah.birth_rank, emma.birth_rank) == (1, 2)


def test_adri_knows_everyone_but_the_unknown_person_and_refuses_the_closed_one() -> None:
    today = date(2025, 3, 14)
    for label, person in EVERYONE:
        rights = SANDBOX_ADRI_RIGHTS.get(person.nir)
        if label == "petit-unknown":
            assert rights is None
        else:
            assert rights is not None
            assert rights_allow_session(rights, today) is (label != "leroy-closed")


def test_emails_use_a_reserved_domain() -> None:
    assert all(p.content.email.endswith("@example.org") for p in SANDBOX_PATIENTS)


@pytest.mark.parametrize("patient", SANDBOX_PATIENTS, ids=[p.label for p in SANDBOX_PATIENTS])
def test_every_sandbox_patient_mints_a_token_that_verifies(patient: SandboxPatient) -> None:
    now = datetime(2025, 3, 14, 10, 0, 30, 500_000, tzinfo=UTC)
    token = mint_apcv_token(
        KEY,
        "sandbox-1",
        patient,
        audience="aud",
        issuer="iss",
        now=now,
        lifetime=timedelta(minutes=2),
        nonce="sandbox-nonce-0001",
    )
    keys = KeySet([ECKey.import_key(KEY.as_dict(private=False))])
    payload = verify_apcv_token(
        token, keys, issuer="iss", audience="aud", now=now, max_lifetime=timedelta(minutes=2)
    )
    assert payload.content == patient.content
    assert payload.expires_at == datetime(2025, 3, 14, 10, 2, 30, tzinfo=UTC)
