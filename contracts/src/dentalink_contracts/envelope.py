"""CloudEvents 1.0 envelope over Kafka, binary content mode (ARCHITECTURE.md, Events).

Attributes travel as `ce_*` headers, the JSON payload as the value, the pseudonymous patient key
as the message key, and the W3C trace context as `traceparent`/`tracestate` headers.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from dentalink_contracts.events.base import DomainEvent, event_class

JSON = "application/json"
TRACE_HEADERS = ("traceparent", "tracestate")
_FORMAT = JSONFormat()


@dataclass(frozen=True)
class Envelope:
    """One event as it travels: CloudEvents attributes, payload, key and trace context."""

    id: UUID
    source: str
    type: str
    time: datetime
    key: str
    data: dict[str, Any]
    trace: dict[str, str] = field(default_factory=dict)

    @classmethod
    def wrap(
        cls,
        event: DomainEvent,
        *,
        id: UUID,
        source: str,
        key: str,
        time: datetime | None = None,
        trace: dict[str, str] | None = None,
    ) -> "Envelope":
        return cls(
            id=id,
            source=source,
            type=event.event_type,
            time=time or datetime.now(UTC),
            key=key,
            data=event.model_dump(mode="json"),
            trace=dict(trace or {}),
        )

    def payload(self) -> DomainEvent:
        """Validate the data against the registered payload class of this event's type."""
        return event_class(self.type).model_validate(self.data)


def to_kafka(envelope: Envelope) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers) for aiokafka; headers are a list because the instrumentation needs one."""
    event = CloudEvent(
        attributes={
            "id": str(envelope.id),
            "source": envelope.source,
            "type": envelope.type,
            "specversion": "1.0",
            "time": envelope.time,
            "datacontenttype": JSON,
            "partitionkey": envelope.key,
        },
        data=envelope.data,
    )
    message = ce_kafka.to_binary(event, _FORMAT)
    headers = [(name, value) for name, value in message.headers.items() if name != "ce_partitionkey"]
    headers += [(name, value.encode()) for name, value in envelope.trace.items() if name in TRACE_HEADERS]
    return envelope.key.encode(), message.value, headers


class MalformedEnvelope(ValueError):
    """The message is not a CloudEvents 1.0 binary-mode event this platform understands."""


def from_kafka(
    key: bytes | None, value: bytes | None, headers: list[tuple[str, bytes]] | tuple[Any, ...]
) -> Envelope:
    """Parse a consumed Kafka record back into an Envelope; MalformedEnvelope when it is not one."""
    header_map = {name: bytes(raw) for name, raw in headers}
    try:
        event = ce_kafka.from_binary(
            ce_kafka.KafkaMessage(headers=header_map, key=key, value=value or b"null"), _FORMAT, CloudEvent
        )
        attributes = event.get_attributes()
        data = event.get_data()
        if not isinstance(data, dict):
            raise MalformedEnvelope("event data is not a JSON object")
        time = attributes.get("time") or datetime.now(UTC)
        return Envelope(
            id=UUID(str(attributes["id"])),
            source=str(attributes["source"]),
            type=str(attributes["type"]),
            time=time,
            key=(key or b"").decode(),
            data=data,
            trace={name: header_map[name].decode() for name in TRACE_HEADERS if name in header_map},
        )
    except MalformedEnvelope:
        raise
    except Exception as error:  # the SDK raises several unrelated types for bad input
        raise MalformedEnvelope(f"not a CloudEvents binary-mode message: {type(error).__name__}") from error
