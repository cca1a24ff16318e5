"""Base of every domain event payload: its CloudEvents type and topic travel with the class."""

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

EVENT_TYPE_PREFIX = "fr.dentalink."


class DomainEvent(BaseModel):
    """A versioned event payload. Subclasses set `event_type` and `topic` (ARCHITECTURE.md, Events)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    topic: ClassVar[str]
    summary: ClassVar[str] = ""
    # The payload field whose value is the Kafka message key: the pseudonymous patient key by default,
    # so one patient's events stay ordered; an event about one file may key on the file's id instead.
    key_field: ClassVar[str] = "patient_key"

    registry: ClassVar[dict[str, type["DomainEvent"]]] = {}

    @property
    def message_key(self) -> str:
        """The Kafka message key of this event: its `key_field`'s value, as the AsyncAPI documents it."""
        return str(getattr(self, self.key_field))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        event_type = cls.__dict__.get("event_type")
        if event_type is not None:
            if not event_type.startswith(EVENT_TYPE_PREFIX):
                raise TypeError(f"{cls.__name__}.event_type must start with {EVENT_TYPE_PREFIX}")
            DomainEvent.registry[event_type] = cls


def event_class(event_type: str) -> type[DomainEvent]:
    """The payload class registered for a CloudEvents `type`; KeyError when unknown."""
    return DomainEvent.registry[event_type]
