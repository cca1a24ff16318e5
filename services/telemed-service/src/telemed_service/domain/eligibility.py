"""Who may ask whom for a dental tele-expertise, and for which patient situation."""

from enum import StrEnum

from telemed_service.domain.errors import IneligibleRequest
from telemed_service.domain.professionals import Professional


class Situation(StrEnum):
    """The only situations eligible to dental tele-expertise (avenant 1 art. 58; NGAP 14.9.4)."""

    EHPAD_RESIDENT = "ehpad_resident"
    SUSPECTED_ORAL_CANCER = "suspected_oral_cancer"
    RARE_DISEASE = "rare_disease"


class EligibilityRule(StrEnum):
    """Stable codes of the eligibility rules, in the order they are checked (DOMAIN.md §6)."""

    SAME_PROFESSIONAL = "same_professional"
    REQUERANT_NOT_IN_ESTABLISHMENT = "requerant_not_in_establishment"
    REQUIS_NOT_KNOWN_OR_SPECIALIST_DENTIST = "requis_not_known_or_specialist_dentist"
    REQUERANT_NOT_DENTIST = "requerant_not_dentist"
    REQUIS_NOT_SPECIALIST = "requis_not_specialist"


def _check_ehpad(requerant: Professional, requis: Professional, known_relationship: bool) -> None:
    if not requerant.works_in_establishment:
        raise IneligibleRequest(
            EligibilityRule.REQUERANT_NOT_IN_ESTABLISHMENT,
            "for an EHPAD or disability-establishment resident, the requérant must be a health "
            "professional of that establishment (FINESS)",
        )
    known_dentist = requis.is_dentist and known_relationship
    if not (known_dentist or requis.is_specialist_dentist):
        raise IneligibleRequest(
            EligibilityRule.REQUIS_NOT_KNOWN_OR_SPECIALIST_DENTIST,
            "for an EHPAD or disability-establishment resident, the requis must be a dentist known by "
            "the patient or a specialist dentist",
        )


def _check_serious_or_rare(requerant: Professional, requis: Professional) -> None:
    if not requerant.is_dentist:
        raise IneligibleRequest(
            EligibilityRule.REQUERANT_NOT_DENTIST,
            "for a suspected oral cancer or a rare disease, the requérant must be a dentist",
        )
    if not (requis.is_specialist_dentist or requis.is_medical_specialist):
        raise IneligibleRequest(
            EligibilityRule.REQUIS_NOT_SPECIALIST,
            "for a suspected oral cancer or a rare disease, the requis must be a specialist dentist "
            "or a medical specialist",
        )


def check_eligibility(
    situation: Situation, requerant: Professional, requis: Professional, known_relationship: bool
) -> None:
    """Raise IneligibleRequest unless the request fits an eligible situation (avenant 1 art. 58)."""
    if requerant.rpps == requis.rpps:
        raise IneligibleRequest(
            EligibilityRule.SAME_PROFESSIONAL, "the requérant and the requis must be different professionals"
        )
    if situation is Situation.EHPAD_RESIDENT:
        _check_ehpad(requerant, requis, known_relationship)
    else:
        _check_serious_or_rare(requerant, requis)
