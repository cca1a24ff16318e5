"""The sandbox datasets a vendor tries the platform with (issue 16): INSi's and the apCV issuer's agree
person by person, every matricule is valid, and every age band the prevention agenda has rules for
has a patient on the dataset's reference date, so each of the agenda's lists can be seen in the
sandbox (DOMAIN.md §5). Pure data: no service runs."""

from datetime import date

from dentalink_contracts.nir import has_valid_nir_key
from dentalink_contracts.values import Sex
from dmp_service.domain import compute_agenda
from dmp_service.domain.ages import Age, date_at_age, days, months, years
from ins_service.adapters.insi_sandbox_dataset import SANDBOX_PERSONS, SANDBOX_REFERENCE_DATE
from vitale_service.domain.sandbox_dataset import SANDBOX_ADRI_RIGHTS, SANDBOX_PATIENTS

ON = SANDBOX_REFERENCE_DATE
INSI = {person.matricule: person for person in SANDBOX_PERSONS}
APCV = {b.nir: b for patient in SANDBOX_PATIENTS for b in patient.content.beneficiaries}

# The age bands of DOMAIN.md §5, as (name, from, until) ages; `until` exclusive.
BANDS = (
    ("child exams: 8 days and 2nd week", days(0), days(15)),
    ("child exams: 1 to 12 months", months(1), months(13)),
    ("child exams: 16 to 23 months", months(16), months(24)),
    ("child exams: 2 to 6 years, M'T dents from 3", years(3), years(7)),
    ("child exams: 8 to 16 years", years(8), years(17)),
    ("check-up 18-25, M'T dents to 24 and more", years(18), years(26)),
    ("check-up 45-50, glaucoma screening", years(45), years(51)),
    ("check-up 60-65", years(60), years(66)),
    ("check-up 70-75", years(70), years(76)),
)


def _in_band(born: date, start: Age, end: Age) -> bool:
    return date_at_age(born, start) <= ON < date_at_age(born, end)


def test_every_age_band_of_the_agenda_has_a_patient_insi_qualifies() -> None:
    # Every INSi sandbox person can be qualified (lookup + document check), so reach the DMP agenda.
    for name, start, end in BANDS:
        insi = [p.label for p in SANDBOX_PERSONS if _in_band(p.traits.birth_date, start, end)]
        assert insi, f"no INSi sandbox person in the band {name} on {ON}"


def test_every_childhood_band_has_a_child_on_an_apcv_app() -> None:
    for name, start, end in BANDS[:5]:
        assert any(_in_band(b.birth_date, start, end) for b in APCV.values()), name


def test_each_sandbox_child_gets_a_due_item_of_the_agenda() -> None:
    for person in SANDBOX_PERSONS:
        if date_at_age(person.traits.birth_date, years(17)) > ON:
            agenda = compute_agenda(person.traits.birth_date, person.traits.sex, None, ON)
            assert any(item.status == "due" for item in agenda), person.label


def test_the_apcv_and_insi_sandboxes_name_each_shared_person_alike() -> None:
    shared = set(APCV) & set(INSI)
    assert {"293043523831109", "126113523809482", "263086912351786"} <= shared
    for nir in shared:
        on_app, in_insi = APCV[nir], INSI[nir]
        assert on_app.birth_name == in_insi.traits.birth_name, nir
        assert on_app.first_names == in_insi.traits.birth_first_names, nir
        assert on_app.birth_date == in_insi.traits.birth_date, nir
        assert on_app.sex in (None, in_insi.traits.sex), nir
        assert on_app.birth_place_code in (None, in_insi.traits.birth_place_code), nir
        assert on_app.birth_rank == in_insi.birth_rank, nir
        if on_app.ouvrant_droit_nir is not None:
            assert in_insi.card_holder_matricule == on_app.ouvrant_droit_nir, nir


def test_every_sandbox_matricule_is_valid_and_says_the_sex_and_birth_month() -> None:
    for nir, beneficiary in APCV.items():
        assert has_valid_nir_key(nir), nir
        assert nir[0] == ("1" if beneficiary.sex is Sex.MALE else "2") or beneficiary.sex is None, nir
        assert nir[1:5] == beneficiary.birth_date.strftime("%y%m"), nir
    for person in SANDBOX_PERSONS:
        assert has_valid_nir_key(person.matricule), person.label
    new = ("293043523831109", "211033523841230", "122093523820736", "125063523812619", "226033523811874")
    assert all(nir in SANDBOX_ADRI_RIGHTS for nir in new)
