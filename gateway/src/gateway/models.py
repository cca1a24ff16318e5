"""Tables owned by gateway, on their own SQLModel registry (one metadata per service)."""

from sqlalchemy.orm import registry
from sqlmodel import SQLModel


class Table(SQLModel, registry=registry()):
    """Base of this service's table models."""


metadata = Table.metadata
