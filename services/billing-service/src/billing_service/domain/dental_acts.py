"""A small catalogue of dental acts for care sheets (FSE), versioned by effective date.

Codes and labels are real NGAP/CCAM entries; amounts are marked `illustrative=True` because none
was checked against the current ameli.fr CCAM/NGAP tables: replace them from the official tables
(with their dates) before invoicing real patients.
"""

from datetime import date

from billing_service.domain.money import euros
from billing_service.domain.tariffs import TariffCatalogue, TariffVersion

# Dental acts entered the CCAM on 2014-06-01 (L'Information Dentaire; CDF "Cahier CCAM" 2014).
CCAM_DENTAL_START = date(2014, 6, 1)

# Assumption: start date of the amounts below whose history we could not source.
ILLUSTRATIVE_FROM = date(2024, 1, 1)

DENTAL_CARE_CATALOGUE = TariffCatalogue(
    (
        TariffVersion(
            "C",
            euros("23.00"),
            ILLUSTRATIVE_FROM,
            None,
            "NGAP, consultation of the dentist (lettre-clé C); amount from memory, not sourced",
            label="Consultation du chirurgien-dentiste omnipraticien",
            illustrative=True,
        ),
        TariffVersion(
            "HBJD001",
            euros("28.92"),
            ILLUSTRATIVE_FROM,
            None,
            "CCAM HBJD001; amount from memory, not sourced",
            label="Détartrage et polissage des dents",
            illustrative=True,
        ),
        TariffVersion(
            "HBQK389",
            euros("7.98"),
            CCAM_DENTAL_START,
            None,
            "CCAM HBQK389; 7.98 € per L'Information Dentaire (2014); later revisions not checked",
            label=(
                "Radiographie intrabuccale rétroalvéolaire et/ou rétrocoronaire "
                "d'un secteur de 1 à 3 dents contigües"
            ),
            illustrative=True,
        ),
    )
)
"""Acts that may appear on a care sheet made inside an apCV session (DOMAIN.md §4)."""
