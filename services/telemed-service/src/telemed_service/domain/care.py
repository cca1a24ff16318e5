"""Care relationships: how a dentist comes to be "known by the patient" (avenant 1 art. 58)."""

from enum import StrEnum


class CareRelationshipKind(StrEnum):
    """The patient already consulted the dentist, or the dentist did the entry oral check-up (art. 58)."""

    CONSULTED = "consulted"
    ENTRY_CHECKUP = "entry_checkup"
