"""Settings every service shares, read from the environment (pydantic-settings).

Each service subclasses `ServiceSettings` with its own `env_prefix` (e.g. `INS_`). The two
infrastructure addresses may also come from the platform-wide `DATABASE_URL` and
`KAFKA_BOOTSTRAP_SERVERS`, so one variable points every service at an existing server.
"""

import os
from pathlib import Path
from typing import overload

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

LOCAL_DATABASE_URL = "postgresql+asyncpg://dentalink:dentalink@127.0.0.1:5432/postgres"
LOCAL_KAFKA = "127.0.0.1:9092"
# A development-only pseudonymisation secret; production sets <PREFIX>PSEUDONYM_SECRET.
DEV_PSEUDONYM_SECRET = "dentalink-dev-pseudonym-secret-not-for-production"


@overload
def pem_or_path(value: str) -> str: ...
@overload
def pem_or_path(value: str | None) -> str | None: ...
def pem_or_path(value: str | None) -> str | None:
    """A PEM given inline, or the content of the file it names (None stays None)."""
    if value is None:
        return None
    if value.lstrip().startswith("-----BEGIN"):
        return value
    return Path(value).read_text()


class ServiceSettings(BaseSettings):
    """Configuration of one service process."""

    model_config = SettingsConfigDict(env_prefix="SERVICE_", extra="ignore")

    service_name: str = "service"
    database_name: str = "postgres"
    database_url: str | None = Field(default=None, description="Overrides DATABASE_URL for this service.")
    kafka_bootstrap_servers: str | None = None
    port: int = 8100

    internal_token_public_key: str | None = Field(
        default=None, description="PEM of the gateway's internal-token public key, or a path to it."
    )
    internal_token_audience: str = "dentalink-services"
    internal_token_issuer: str = "dentalink-gateway"
    pseudonym_secret: str = DEV_PSEUDONYM_SECRET

    outbox_batch_size: int = 200
    outbox_lease_seconds: float = 30.0
    outbox_safety_poll_seconds: float = 2.0
    outbox_retention_hours: float = 24.0
    consumer_group_suffix: str = Field(
        default="",
        description="Appended to consumer group names; tests use it to stay out of the stack's groups.",
    )
    consumer_start_new_group_at_end: bool = Field(
        default=False,
        description="A consumer group with no committed offsets skips the topics' history (tests use it).",
    )
    consumer_max_attempts: int = 5
    consumer_retry_base_seconds: float = 0.2
    consumer_stall_seconds: float = 30.0
    sandbox_enabled: bool = True
    log_level: str = "INFO"

    def resolved_database_url(self) -> str:
        """This service's database: its own URL, else DATABASE_URL, else local, on its own database name."""
        url = self.database_url or os.environ.get("DATABASE_URL") or LOCAL_DATABASE_URL
        parsed = make_url(url)
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+asyncpg")
        if self.database_url is None:
            parsed = parsed.set(database=self.database_name)
        return parsed.render_as_string(hide_password=False)

    def resolved_kafka(self) -> str:
        return self.kafka_bootstrap_servers or os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or LOCAL_KAFKA

    def internal_public_key_pem(self) -> str | None:
        return pem_or_path(self.internal_token_public_key or os.environ.get("DENTALINK_INTERNAL_PUBLIC_KEY"))
