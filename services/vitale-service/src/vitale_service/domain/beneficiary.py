"""Which beneficiary of the app the care is for (DOMAIN.md §4: AMO data for the insured and beneficiaries)."""

from dentalink_contracts.nir import compact_nir
from vitale_service.domain.errors import MissingBeneficiary, UnknownBeneficiary
from vitale_service.domain.payload import AmoBeneficiary, ApcvPayload


def choose_beneficiary(payload: ApcvPayload, chosen_nir: str | None) -> AmoBeneficiary:
    """The beneficiary named by `chosen_nir`; with a single one the choice may be omitted (DOMAIN.md §4)."""
    beneficiaries = payload.beneficiaries
    if chosen_nir is None:
        if len(beneficiaries) == 1:
            return beneficiaries[0]
        raise MissingBeneficiary("several beneficiaries are on the app: choose one")
    # NIRs are often typed or printed with spaces ("1 78 04 44 109 012 64").
    wanted = compact_nir(chosen_nir)
    for beneficiary in beneficiaries:
        if beneficiary.nir == wanted:
            return beneficiary
    raise UnknownBeneficiary("the chosen NIR is not among the app's beneficiaries")
