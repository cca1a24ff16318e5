"""Configuration of telemed-service (environment variables prefixed TELEMED_)."""

from datetime import timedelta

from pydantic import Field, PositiveFloat, PositiveInt
from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings
from telemed_service.domain.attachments import DEFAULT_ALLOWED_CONTENT_TYPES, MIB, AttachmentPolicy


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TELEMED_", extra="ignore")

    service_name: str = "telemed-service"
    database_name: str = "telemed"
    port: int = 8104

    # **Assumption** (DOMAIN.md §6): the requis answers within 7 days, as physicians must.
    answer_delay_days: PositiveFloat = Field(
        default=7.0, description="Days after the request after which an unanswered tele-expertise expires."
    )
    expiry_interval_seconds: PositiveFloat = 60.0
    expiry_batch_size: PositiveInt = 100

    # Attachments travel base64-encoded in JSON, so the defaults are tighter than the domain's.
    attachment_max_size_bytes: PositiveInt = 10 * MIB
    attachment_max_count: PositiveInt = 20
    attachment_max_total_bytes: PositiveInt = 40 * MIB
    attachment_allowed_content_types: frozenset[str] = DEFAULT_ALLOWED_CONTENT_TYPES

    # An act event still unpublished this long after the answer, with a publish error, is an incident.
    publication_incident_after_seconds: PositiveFloat = 120.0
    publication_watch_interval_seconds: PositiveFloat = 30.0

    @property
    def answer_delay(self) -> timedelta:
        return timedelta(days=self.answer_delay_days)

    @property
    def attachment_policy(self) -> AttachmentPolicy:
        return AttachmentPolicy(
            allowed_content_types=self.attachment_allowed_content_types,
            max_size_bytes=self.attachment_max_size_bytes,
            max_count=self.attachment_max_count,
            max_total_bytes=self.attachment_max_total_bytes,
        )
