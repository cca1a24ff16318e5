"""Configuration of ins-service (environment variables prefixed INS_)."""

from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class SandboxFault(StrEnum):
    """A technical fault the INSi sandbox injects on every call (INS_INSI_SANDBOX_FAULT)."""

    NONE = "none"
    TIMEOUT = "timeout"  # never answers: the adapter's timeout fires (→ 504)
    UNAVAILABLE = "unavailable"  # answers with a service error (→ 503)


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INS_", extra="ignore")

    service_name: str = "ins-service"
    database_name: str = "ins"
    port: int = 8101

    insi_timeout_seconds: float = Field(
        default=5.0, gt=0, description="Deadline of one INSi call; past it the call counts as a timeout."
    )
    insi_max_attempts: int = Field(
        default=2, ge=1, le=5, description="Attempts per INSi operation on a technical fault (bounded)."
    )
    insi_retry_base_seconds: float = Field(
        default=0.2, ge=0, description="Pause before the second attempt, doubled for each further one."
    )
    insi_sandbox_fault: SandboxFault = Field(
        default=SandboxFault.NONE, description="Fault the INSi sandbox injects on every call."
    )
