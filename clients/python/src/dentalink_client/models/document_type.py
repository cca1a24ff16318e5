from enum import StrEnum

class DocumentType(StrEnum):
    BIRTH_CERTIFICATE_EXTRACT = "birth-certificate-extract"
    CARTE_VITALE = "carte-vitale"
    FAMILY_RECORD_BOOK = "family-record-book"
    NATIONAL_ID_CARD = "national-id-card"
    PASSPORT = "passport"
    RESIDENCE_PERMIT = "residence-permit"

    def __str__(self) -> str:
        return str(self.value)
