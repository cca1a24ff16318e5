"""Dentalink contracts: CloudEvents envelope, v1 event payloads, topic names, shared value types."""

from dentalink_contracts import events, topics
from dentalink_contracts.envelope import Envelope, MalformedEnvelope, from_kafka, to_kafka
from dentalink_contracts.values import (
    Euros,
    Ins,
    InsOid,
    Matricule,
    PatientKey,
    PracticeId,
    Rpps,
    Sex,
    patient_key,
)

__all__ = [
    "Envelope",
    "Euros",
    "Ins",
    "InsOid",
    "MalformedEnvelope",
    "Matricule",
    "PatientKey",
    "PracticeId",
    "Rpps",
    "Sex",
    "events",
    "from_kafka",
    "patient_key",
    "to_kafka",
    "topics",
]
