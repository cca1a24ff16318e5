"""Kafka topic names. A breaking change of a payload is a new version and a new topic."""

from typing import Final

IDENTITY_QUALIFIED_V1: Final = "ins.identity-qualified.v1"
IDENTITY_STATUS_CHANGED_V1: Final = "ins.identity-status-changed.v1"
APCV_SESSION_OPENED_V1: Final = "vitale.apcv-session-opened.v1"
APCV_SESSION_CLOSED_V1: Final = "vitale.apcv-session-closed.v1"
ACT_RECORDED_V1: Final = "telemed.act-recorded.v1"
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
