"""FR Core Patient mapping, problem mapping and patient keys, without I/O."""

import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from dentalink_contracts import Ins, InsOid, Sex, patient_key
from ins_service import fhir
from ins_service.adapters import InsiTimeout, InsiUnavailable
from ins_service.domain import (
    DocumentCheck,
    DocumentType,
    DomainError,
    ErrorCode,
    IdentityAttribute,
    InvalidMatricule,
    MatriculePart,
    Transitioned,
    TypedTraits,
    new_identity,
    record_document_check,
    set_attribute,
)
from ins_service.models import IdentityRow
from ins_service.problems import domain_problem, insi_problem
from ins_service.store import new_row, store_identity
from ins_service.testing import in_memory_units, unit_context

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
RPPS = "10001234567"


def row_after(*steps: Transitioned) -> IdentityRow:
    row = new_row(uuid.uuid4(), "cab-1", RPPS, AT)
    for step in steps:
        store_identity(row, step.identity, step.transition)
    return row


def typed(place: str | None = "99126") -> TypedTraits:
    return TypedTraits(
        birth_name="Papadopoulou",
        birth_first_names="Eleni Maria",
        birth_date=date(1995, 10, 2),
        sex=Sex.FEMALE,
        birth_place_code=place,
    )


def test_a_validated_identity_has_no_identifier_and_says_how_it_was_checked() -> None:
    created = new_identity(typed(), by_rpps=RPPS, at=AT, ins=Ins(matricule="295109912611193", oid=InsOid.NIR))
    checked = record_document_check(
        created.identity, DocumentCheck(DocumentType.PASSPORT), by_rpps=RPPS, at=AT
    )
    doubtful = set_attribute(checked.identity, IdentityAttribute.HOMA, by_rpps=RPPS, at=AT)
    patient = fhir.patient(row_after(created, checked, doubtful))
    assert "identifier" not in patient
    (reliability,) = [item for item in patient["extension"] if item["url"] == fhir.RELIABILITY]
    parts = {part["url"]: part for part in reliability["extension"]}
    assert parts["identityStatus"]["valueCoding"] == {"system": fhir.STATUS_SYSTEM, "code": "VALI"}
    assert parts["methodCollection"]["valueCoding"]["code"] == "SM"
    assert parts["validationMode"]["valueCoding"] == {"system": fhir.MODE_SYSTEM, "code": "PA"}
    assert parts["validationDate"]["valueDate"] == "2026-03-02"
    assert "dateCollection" not in parts
    assert parts["comment"]["valueCodeableConcept"]["coding"][0]["code"] == "HOMA"
    birth_place = patient["extension"][1]["valueAddress"]["extension"][0]["valueCoding"]
    assert birth_place == {"system": fhir.COUNTRY_SYSTEM, "code": "99126"}
    assert patient["name"][0]["given"] == ["Eleni"]
    assert patient["name"][0]["extension"][0]["valueString"] == "Eleni Maria"


@pytest.mark.parametrize(
    ("oid", "code"),
    [
        (InsOid.NIR, "INS-NIR"),
        (InsOid.NIA, "INS-NIA"),
        (InsOid.NIR_TEST, "INS-NIR-TEST"),
        (InsOid.NIR_DEMO, "INS-NIR-DEMO"),
    ],
)
def test_each_oid_has_its_identifier_slice(oid: InsOid, code: str) -> None:
    assert fhir.IDENTIFIER_TYPES[oid] == code
    identifier = fhir._identifier("295109912611193", oid, "official")
    assert identifier["system"] == f"urn:oid:{oid.value}"


def test_a_birth_place_without_code_is_left_out() -> None:
    patient = fhir.patient(row_after(new_identity(typed(place=None), by_rpps=RPPS, at=AT)))
    assert [item["url"] for item in patient["extension"]] == [fhir.RELIABILITY]


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_domain_error_is_a_problem_with_its_stable_kind(code: ErrorCode) -> None:
    problem = domain_problem(DomainError(code, "something is wrong"))
    assert problem.kind == code.value
    assert problem.status in (409, 422, 502)


def test_an_invalid_matricule_names_the_part_and_the_field() -> None:
    problem = domain_problem(InvalidMatricule(MatriculePart.MONTH, "bad month"), field_prefix="carte_vitale.")
    assert (problem.status, problem.extensions["part"]) == (422, "month")
    assert problem.errors is not None
    assert (problem.errors[0].field, problem.errors[0].code) == ("carte_vitale.matricule", "matricule-month")


def test_insi_faults_are_503_and_504() -> None:
    assert (insi_problem(InsiTimeout()).status, insi_problem(InsiTimeout()).kind) == (504, "insi-timeout")
    assert (insi_problem(InsiUnavailable()).status, insi_problem(InsiUnavailable()).kind) == (
        503,
        "insi-unavailable",
    )


def test_patient_keys_are_pseudonymous_and_shared_with_other_services() -> None:
    context = replace(unit_context(in_memory_units()), pseudonym_secret=b"secret")
    identity_id = uuid.uuid4()
    assert context.patient_key(identity_id, "295109912611193") == patient_key("295109912611193", b"secret")
    before_ins = context.patient_key(identity_id, None)
    assert re.fullmatch(r"pk_[0-9a-f]{32}", before_ins)
    assert before_ins != context.patient_key(uuid.uuid4(), None)
    assert identity_id.hex not in before_ins


def test_the_clock_must_be_aware() -> None:
    context = unit_context(in_memory_units(), clock=lambda: datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        context.now()
