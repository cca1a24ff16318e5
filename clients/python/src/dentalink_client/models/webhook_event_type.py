from enum import StrEnum

class WebhookEventType(StrEnum):
    ACT_BILLED = "act.billed"
    ACT_BILLING_REJECTED = "act.billing-rejected"
    APCV_SESSION_CLOSED = "apcv-session.closed"
    APCV_SESSION_OPENED = "apcv-session.opened"
    DMP_DOCUMENT_FILED = "dmp.document-filed"
    IDENTITY_QUALIFIED = "identity.qualified"
    IDENTITY_STATUS_CHANGED = "identity.status-changed"
    TELE_EXPERTISE_ACCEPTED = "tele-expertise.accepted"
    TELE_EXPERTISE_CANCELLED = "tele-expertise.cancelled"
    TELE_EXPERTISE_EXPIRED = "tele-expertise.expired"
    TELE_EXPERTISE_REFUSED = "tele-expertise.refused"
    TELE_EXPERTISE_REPORTED = "tele-expertise.reported"
    TELE_EXPERTISE_REQUESTED = "tele-expertise.requested"

    def __str__(self) -> str:
        return str(self.value)
