"""Generate the AsyncAPI 3.0 document of every event (`python -m dentalink_contracts.asyncapi`).

The committed `contracts/asyncapi.yaml` is this output; a test fails when the two differ. Schemas are
taken in serialization mode: an event is what a producer puts on the wire (a matricule compact, euros
as a string), not what a model would accept as input.
"""

import sys
from typing import Any

import yaml
from pydantic import TypeAdapter

from dentalink_contracts.events import ALL_EVENTS, DomainEvent
from dentalink_contracts.sealing import sealed_class_of

PRODUCERS = {
    "ins": "ins-service",
    "vitale": "vitale-service",
    "telemed": "telemed-service",
    "billing": "billing-service",
    "dmp": "dmp-service",
}
CONSUMERS: dict[str, list[str]] = {
    "ins.identity-qualified.v2": ["dmp-service", "telemed-service", "webhook-service"],
    "ins.identity-status-changed.v2": ["dmp-service", "telemed-service", "webhook-service"],
    "vitale.apcv-session-opened.v2": ["billing-service", "ins-service", "webhook-service"],
    "vitale.apcv-session-closed.v1": ["billing-service", "webhook-service"],
    "telemed.act-recorded.v2": ["billing-service", "dmp-service"],
    "telemed.tele-expertise-status-changed.v1": ["webhook-service"],
    "billing.tele-expertise-billed.v1": ["telemed-service", "webhook-service"],
    "billing.tele-expertise-billing-rejected.v1": ["telemed-service", "webhook-service"],
    "dmp.document-filed.v1": ["webhook-service"],
}

CLOUDEVENTS_HEADERS: dict[str, Any] = {
    "type": "object",
    "required": ["ce_id", "ce_source", "ce_type", "ce_specversion", "content-type"],
    "properties": {
        "ce_id": {
            "type": "string",
            "format": "uuid",
            "description": "Unique event id; consumers dedup on it.",
        },
        "ce_source": {"type": "string", "description": "Producing service, e.g. /dentalink/ins-service."},
        "ce_type": {"type": "string", "description": "fr.dentalink.<domain>.<event>.v<N>"},
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_time": {"type": "string", "format": "date-time"},
        "content-type": {"type": "string", "const": "application/json"},
        "traceparent": {"type": "string", "description": "W3C trace context of the producing span."},
    },
}


REF = "#/components/schemas/{model}"
# What `x-personal-data` says of each payload field.
PATIENT_KEY_FIELDS = frozenset({"patient_key"})
PROFESSIONAL_FIELDS = frozenset({"practitioner_rpps"})
PERSONAL_DATA_KINDS = {
    "sealed": "a patient's personal data, sealed (AES-256-GCM, dentalink_contracts.sealing): "
    "brokers, dead-letter topics and outboxes see ciphertext only",
    "pseudonymous": "the pseudonymous patient key (HMAC of the matricule), never the matricule",
    "professional": "a health professional's public directory identifier (RPPS)",
    "none": "no personal data",
}


def _name(event: type[DomainEvent]) -> str:
    return event.__name__


def _key_schema(event: type[DomainEvent]) -> dict[str, Any]:
    """The Kafka key: the pseudonymous patient key, or the id of the file whose events it orders."""
    if event.key_field == "patient_key":
        return {
            "type": "string",
            "pattern": "^pk_[0-9a-f]{32}$",
            "description": "Pseudonymous patient key, never the NIR.",
        }
    return {
        "type": "string",
        "format": "uuid",
        "description": f"The `{event.key_field}` of the payload: keeps each one's events in order.",
    }


def _personal_data(field: str, annotation: Any) -> str:
    if sealed_class_of(annotation) is not None:
        return "sealed"
    if field in PATIENT_KEY_FIELDS:
        return "pseudonymous"
    if field in PROFESSIONAL_FIELDS:
        return "professional"
    return "none"


def _value_schema(value_type: Any, schemas: dict[str, Any]) -> dict[str, Any]:
    """The schema a sealed field opens to: a component reference for a model, inline otherwise."""
    schema = TypeAdapter(value_type).json_schema(ref_template=REF, mode="serialization")
    schemas.update(schema.pop("$defs", {}))
    if isinstance(value_type, type) and hasattr(value_type, "model_json_schema"):
        schemas[value_type.__name__] = schema
        return {"$ref": REF.format(model=value_type.__name__)}
    return schema


def _schema(event: type[DomainEvent], schemas: dict[str, Any]) -> dict[str, Any]:
    """The payload schema, each property marked with `x-personal-data` (and `x-sealed` + the schema
    it opens to when sealed)."""
    schema = event.model_json_schema(ref_template=REF, mode="serialization")
    schemas.update(schema.pop("$defs", {}))
    for field, info in event.model_fields.items():
        prop = schema["properties"][field]
        kind = _personal_data(field, info.annotation)
        prop["x-personal-data"] = kind
        sealed = sealed_class_of(info.annotation)
        if sealed is not None:
            prop["x-sealed"] = True
            prop["x-sealed-value"] = _value_schema(sealed.value_type(), schemas)
    return schema


def document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for event in ALL_EVENTS:
        name = _name(event)
        schemas[name] = _schema(event, schemas)
        messages[name] = {
            "name": name,
            "title": name,
            "summary": event.summary,
            "description": (event.__doc__ or "").strip(),
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/CloudEventsHeaders"},
            "payload": {"$ref": f"#/components/schemas/{name}"},
            "bindings": {"kafka": {"key": _key_schema(event)}},
            "x-cloudevents-type": event.event_type,
        }
        channels[name] = {
            "address": event.topic,
            "description": f"Consumed by {', '.join(CONSUMERS.get(event.topic, [])) or 'nobody yet'}. "
            f"Dead letters go to {event.topic}.dlq.",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        producer = PRODUCERS[event.topic.split(".", 1)[0]]
        operations[f"publish{name}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{name}"},
            "summary": f"{producer} publishes through its transactional outbox.",
            "messages": [{"$ref": f"#/channels/{name}/messages/{name}"}],
        }
    schemas["CloudEventsHeaders"] = CLOUDEVENTS_HEADERS
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Dentalink domain events",
            "version": "2.0.0",
            "description": "CloudEvents 1.0 over Kafka (binary content mode). Delivery is at least once; "
            "consumers deduplicate on ce_id. A breaking change is a new version and topic: the v1 topics "
            "of identity-qualified, identity-status-changed, apcv-session-opened and act-recorded are "
            "retired (v2 seals their personal fields).\n\nEach payload property says what it holds in "
            "`x-personal-data`: "
            + "; ".join(f"`{kind}`, {meaning}" for kind, meaning in PERSONAL_DATA_KINDS.items())
            + ". A sealed property (`x-sealed: true`) is `{kid, nonce, ciphertext}` (base64url), "
            "AES-256-GCM of the JSON value described by `x-sealed-value`, with associated data "
            "`<ce_type>#<property>`; the key ring is DENTALINK_FIELD_KEYS (first key seals, all open).",
        },
        "defaultContentType": "application/json",
        "servers": {
            "local": {
                "host": "127.0.0.1:9092",
                "protocol": "kafka",
                "description": "Single-node KRaft broker of deploy/local.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }


def render() -> str:
    return str(yaml.safe_dump(document(), sort_keys=False, allow_unicode=True, width=100))


if __name__ == "__main__":
    sys.stdout.write(render())
