"""Kafka topic names. A breaking change of a payload is a new version and a new topic."""

from typing import Final

# v2 (issue 12): personal fields sealed, unused ones dropped. Their v1 topics are retired: no producer
# writes them, no consumer reads them, and the v1 payloads are gone from the contracts.
IDENTITY_QUALIFIED_V2: Final = "ins.identity-qualified.v2"
IDENTITY_STATUS_CHANGED_V2: Final = "ins.identity-status-changed.v2"
APCV_SESSION_OPENED_V2: Final = "vitale.apcv-session-opened.v2"
APCV_SESSION_CLOSED_V1: Final = "vitale.apcv-session-closed.v1"
ACT_RECORDED_V2: Final = "telemed.act-recorded.v2"
TELE_EXPERTISE_STATUS_CHANGED_V1: Final = "telemed.tele-expertise-status-changed.v1"
DOCUMENT_FILED_V1: Final = "dmp.document-filed.v1"
TELE_EXPERTISE_BILLED_V1: Final = "billing.tele-expertise-billed.v1"
TELE_EXPERTISE_BILLING_REJECTED_V1: Final = "billing.tele-expertise-billing-rejected.v1"

DLQ_SUFFIX: Final = ".dlq"


def dead_letter_topic(topic: str) -> str:
    """Where messages of `topic` go once their bounded retries are exhausted."""
    return f"{topic}{DLQ_SUFFIX}"


def namespaced(topic: str, namespace: str) -> str:
    """The topic's name in one environment (`<namespace>.<topic>`): a platform, each test run and
    each bench run have a namespace of their own, so no event crosses from one to another."""
    return f"{namespace}.{topic}" if namespace else topic
