"""Settings every service shares, read from the environment (pydantic-settings).

Each service subclasses `ServiceSettings` with its own `env_prefix` (e.g. `INS_`). The two
infrastructure addresses may also come from the platform-wide `DATABASE_URL` and
`KAFKA_BOOTSTRAP_SERVERS`, so one variable points every service at an existing server.
"""

import os
from pathlib import Path
from typing import Any, Literal, cast, overload

from aiokafka.helpers import create_ssl_context
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from dentalink_contracts.sealing import (
    DEV_FIELD_KEY_ID,
    FIELD_KEYS_VARIABLE,
    FieldKeyRing,
    FieldKeysError,
    field_key_ring,
)

LOCAL_DATABASE_URL = "postgresql+asyncpg://dentalink:dentalink@127.0.0.1:5432/postgres"
LOCAL_KAFKA = "127.0.0.1:9092"
# The environment namespace of topic names and consumer groups when none is set (`make up`).
DEFAULT_TOPIC_NAMESPACE = "local"
TOPIC_NAMESPACE_VARIABLE = "DENTALINK_TOPIC_NAMESPACE"
# A development-only pseudonymisation secret; production sets <PREFIX>PSEUDONYM_SECRET.
DEV_PSEUDONYM_SECRET = "dentalink-dev-pseudonym-secret-not-for-production"
Environment = Literal["development", "test", "production"]


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
    database_pool_size: int = Field(
        default=10,
        ge=1,
        description="Connections each process keeps open; a burst waits for one rather than opening more.",
    )
    kafka_bootstrap_servers: str | None = None
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: str | None = Field(default=None, repr=False)
    kafka_ssl_cafile: str | None = Field(default=None, description="CA bundle of the brokers' certificates.")
    kafka_create_topics: bool = Field(
        default=True,
        description="Create missing topics at start (local and tests); production provisions them.",
    )
    kafka_topic_partitions: int = Field(
        default=3, ge=1, description="Partitions of a topic created at start."
    )
    kafka_replication_factor: int = Field(
        default=1, ge=1, description="Replicas of a topic created at start."
    )
    kafka_min_insync_replicas: int = Field(
        default=1,
        ge=1,
        description="min.insync.replicas of a topic created at start: with acks=all, a write is refused "
        "rather than kept by fewer replicas (2 of 3 on a cluster: one broker may be lost, no event).",
    )
    topic_namespace: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9][a-z0-9-]{0,40}$",
        description="Environment namespace of topics and consumer groups; else DENTALINK_TOPIC_NAMESPACE, "
        "else 'local'.",
    )
    port: int = 8100
    admin_port: int | None = Field(
        default=None, description="Serve /metrics (and a service's /docs) here instead of the public port."
    )
    admin_host: str = "127.0.0.1"
    web_concurrency: int | None = Field(
        default=None,
        ge=1,
        description="Worker processes serving the public port (uvicorn --workers); else WEB_CONCURRENCY, "
        "else 1. Each worker serves its own metrics on an admin slot (`admin_ports`).",
    )
    admin_slot_stride: int = Field(
        default=1,
        ge=1,
        description="Distance between the admin ports of a process's workers: worker slot k listens on "
        "ADMIN_PORT + k × stride.",
    )

    internal_token_public_key: str | None = Field(
        default=None, description="PEM of the gateway's internal-token public key, or a path to it."
    )
    internal_token_audience: str = "dentalink-services"
    internal_token_issuer: str = "dentalink-gateway"
    pseudonym_secret: str = DEV_PSEUDONYM_SECRET
    field_keys: str | None = Field(
        default=None,
        repr=False,
        description="Key ring of sealed event fields, `kid:base64url-key[,...]` (first seals, all open); "
        "else DENTALINK_FIELD_KEYS, else the development key outside production.",
    )

    outbox_batch_size: int = 200
    # Renewed while a batch is in flight: after a crash its rows are claimable again within this.
    outbox_lease_seconds: float = 5.0
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
    environment: Environment | None = Field(
        default=None,
        description="Else DENTALINK_ENV, else development; production refuses a development posture.",
    )
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

    def workers(self) -> int:
        """How many worker processes serve this process's port (uvicorn reads WEB_CONCURRENCY too)."""
        return self.web_concurrency or int(os.environ.get("WEB_CONCURRENCY") or 1)

    def admin_ports(self) -> list[int]:
        """One admin port per worker slot, none without an admin port."""
        if self.admin_port is None:
            return []
        return [self.admin_port + slot * self.admin_slot_stride for slot in range(self.workers())]

    def resolved_kafka(self) -> str:
        return self.kafka_bootstrap_servers or os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or LOCAL_KAFKA

    def resolved_topic_namespace(self) -> str:
        return self.topic_namespace or topic_namespace()

    def resolved_environment(self) -> Environment:
        named = self.environment or os.environ.get("DENTALINK_ENV") or "development"
        if named not in ("development", "test", "production"):
            raise ValueError("DENTALINK_ENV must be development, test or production")
        return cast(Environment, named)

    def _field_keys_spec(self) -> str | None:
        return self.field_keys or os.environ.get(FIELD_KEYS_VARIABLE) or None

    def field_key_ring(self) -> FieldKeyRing:
        """The ring sealing and opening personal event fields (`dentalink_contracts.sealing`); the
        development ring when none is configured, which production refuses."""
        spec = self._field_keys_spec()
        if spec is None and self.resolved_environment() == "production":
            raise FieldKeysError(f"no field key ring in production ({FIELD_KEYS_VARIABLE})")
        return field_key_ring(spec)

    def _development_field_key(self) -> bool:
        spec = self._field_keys_spec()
        if spec is None:
            return True
        try:
            return DEV_FIELD_KEY_ID in field_key_ring(spec).kids
        except FieldKeysError:
            return True

    def kafka_client_options(self) -> dict[str, Any]:
        """Security options every Kafka client of the process takes (producer, consumers, admin)."""
        if self.kafka_security_protocol == "PLAINTEXT":
            return {}
        options: dict[str, Any] = {
            "security_protocol": self.kafka_security_protocol,
            "ssl_context": create_ssl_context(cafile=self.kafka_ssl_cafile),
        }
        if self.kafka_security_protocol == "SASL_SSL":
            options |= {
                "sasl_mechanism": self.kafka_sasl_mechanism,
                "sasl_plain_username": self.kafka_sasl_username,
                "sasl_plain_password": self.kafka_sasl_password,
            }
        return options

    def production_violations(self, *, messaging: bool) -> list[str]:
        """What forbids this configuration in production; names settings, never their values."""
        violations = []
        if self.sandbox_enabled:
            violations.append("the sandbox teleservices are on (SANDBOX_ENABLED)")
        if self.pseudonym_secret == DEV_PSEUDONYM_SECRET or len(self.pseudonym_secret) < 32:
            violations.append("the pseudonym secret is the development one or shorter than 32 characters")
        if messaging and self.kafka_security_protocol != "SASL_SSL":
            violations.append("Kafka is not reached over SASL_SSL (KAFKA_SECURITY_PROTOCOL)")
        if self.admin_port is None:
            violations.append("metrics and docs are on the public port (ADMIN_PORT)")
        if messaging and self.kafka_create_topics:
            violations.append("topics would be created by the service (KAFKA_CREATE_TOPICS)")
        if messaging and self._development_field_key():
            violations.append(
                "sealed event fields would use the development field key, or the ring is malformed "
                "(FIELD_KEYS / DENTALINK_FIELD_KEYS)"
            )
        return violations

    def internal_public_key_pem(self) -> str | None:
        return pem_or_path(self.internal_token_public_key or os.environ.get("DENTALINK_INTERNAL_PUBLIC_KEY"))


def topic_namespace() -> str:
    """The process-wide environment namespace (DENTALINK_TOPIC_NAMESPACE, else 'local')."""
    return os.environ.get(TOPIC_NAMESPACE_VARIABLE) or DEFAULT_TOPIC_NAMESPACE
