"""Generate the AsyncAPI 3.0 document of every event (`python -m dentalink_contracts.asyncapi`).

The committed `contracts/asyncapi.yaml` is this output; a test fails when the two differ.
"""

import sys
from typing import Any

import yaml

from dentalink_contracts.events import ALL_EVENTS, DomainEvent

PRODUCERS = {
    "ins": "ins-service",
    "vitale": "vitale-service",
    "telemed": "telemed-service",
    "billing": "billing-service",
}
CONSUMERS: dict[str, list[str]] = {
    "ins.identity-qualified.v1": ["dmp-service", "telemed-service"],
    "ins.identity-status-changed.v1": ["dmp-service", "telemed-service"],
    "vitale.apcv-session-opened.v1": ["billing-service", "ins-service"],
    "vitale.apcv-session-closed.v1": ["billing-service"],
    "telemed.act-recorded.v1": ["billing-service", "dmp-service"],
    "billing.tele-expertise-billed.v1": ["telemed-service"],
    "billing.tele-expertise-billing-rejected.v1": ["telemed-service"],
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


def _name(event: type[DomainEvent]) -> str:
    return event.__name__


def _schema(event: type[DomainEvent]) -> dict[str, Any]:
    schema = event.model_json_schema(ref_template="#/components/schemas/{model}")
    return schema


def document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for event in ALL_EVENTS:
        name = _name(event)
        schema = _schema(event)
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
        messages[name] = {
            "name": name,
            "title": name,
            "summary": event.summary,
            "description": (event.__doc__ or "").strip(),
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/CloudEventsHeaders"},
            "payload": {"$ref": f"#/components/schemas/{name}"},
            "bindings": {
                "kafka": {
                    "key": {
                        "type": "string",
                        "pattern": "^pk_[0-9a-f]{32}$",
                        "description": "Pseudonymous patient key, never the NIR.",
                    }
                }
            },
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
            "version": "1.0.0",
            "description": "CloudEvents 1.0 over Kafka (binary content mode). Delivery is at least once; "
            "consumers deduplicate on ce_id. A breaking change is a new version and topic.",
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
