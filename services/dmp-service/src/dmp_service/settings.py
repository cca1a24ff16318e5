"""Configuration of dmp-service (environment variables prefixed DMP_)."""

from datetime import timedelta
from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from dmp_service.domain import DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_REPORT_TYPE_CODE, AgendaConfig, RetryPolicy
from servicekit import ServiceSettings


class NationalDmpFault(StrEnum):
    """Faults the national DMP sandbox can be told to simulate."""

    NONE = "none"
    UNAVAILABLE = "unavailable"
    TIMEOUT = "timeout"
    REJECT = "reject"


class MailerFault(StrEnum):
    """Faults the e-mail sandbox can be told to simulate."""

    NONE = "none"
    UNAVAILABLE = "unavailable"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DMP_", extra="ignore")

    service_name: str = "dmp-service"
    database_name: str = "dmp"
    port: int = 8103

    max_document_bytes: int = Field(
        default=DEFAULT_MAX_DOCUMENT_BYTES,
        description="Largest document content accepted, in bytes (assumption: 10 MiB).",
    )
    tele_expertise_report_type_code: str = DEFAULT_REPORT_TYPE_CODE

    national_dmp_timeout_seconds: float = 10.0
    push_interval_seconds: float = 5.0
    push_batch_size: int = 20
    push_first_delay_seconds: float = 30.0
    push_max_delay_seconds: float = 3600.0
    push_max_attempts: int = 8

    notification_interval_seconds: float = 15.0
    notification_batch_size: int = 50
    mailer_timeout_seconds: float = 10.0
    reminder_interval_seconds: float = 60.0
    reminder_lead_hours: list[float] = Field(default=[168.0, 24.0], description="7 days and 1 day before.")

    glaucoma_screening_age: int = Field(default=45, description="Seed: 45; HAS says 40 (assumption).")

    sandbox_national_dmp_fault: NationalDmpFault = NationalDmpFault.NONE
    sandbox_mailer_fault: MailerFault = MailerFault.NONE

    def retry_policy(self) -> RetryPolicy:
        """Backoff of national DMP pushes and e-mail deliveries (domain `RetryPolicy`)."""
        return RetryPolicy(
            first_delay=timedelta(seconds=self.push_first_delay_seconds),
            max_delay=timedelta(seconds=self.push_max_delay_seconds),
            max_attempts=self.push_max_attempts,
        )

    def reminder_lead_times(self) -> tuple[timedelta, ...]:
        return tuple(timedelta(hours=hours) for hours in self.reminder_lead_hours)

    def agenda_config(self) -> AgendaConfig:
        return AgendaConfig(glaucoma_screening_age=self.glaucoma_screening_age)
