"""Dentalink contracts: CloudEvents envelope, event payloads, sealed fields, topic names, value types."""

from dentalink_contracts import events, topics
from dentalink_contracts.envelope import Envelope, MalformedEnvelope, from_kafka, to_kafka
from dentalink_contracts.sealing import FieldKeyRing, Sealed, SealingError
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
    "FieldKeyRing",
    "Ins",
    "InsOid",
    "MalformedEnvelope",
    "Matricule",
    "PatientKey",
    "PracticeId",
    "Rpps",
    "Sealed",
    "SealingError",
    "Sex",
    "events",
    "from_kafka",
    "patient_key",
    "to_kafka",
    "topics",
]
