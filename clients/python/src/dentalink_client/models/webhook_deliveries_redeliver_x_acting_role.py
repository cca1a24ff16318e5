from enum import StrEnum

class WebhookDeliveriesRedeliverXActingRole(StrEnum):
    AUDITOR = "auditor"
    DENTAL_ASSISTANT = "dental_assistant"
    DENTIST = "dentist"
    EHPAD_PROFESSIONAL = "ehpad_professional"
    PRACTICE_ADMIN = "practice_admin"
    SPECIALIST = "specialist"

    def __str__(self) -> str:
        return str(self.value)
