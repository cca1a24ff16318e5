"""Configuration of webhook-service (environment variables prefixed WEBHOOK_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings
from webhook_service.domain import RetrySchedule

THREE_DAYS = 3 * 24 * 3600.0


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEBHOOK_", extra="ignore")

    service_name: str = "webhook-service"
    database_name: str = "webhook"
    port: int = 8106

    max_endpoints_per_practice: int = Field(
        default=20,
        ge=1,
        le=1000,
        description="Endpoints one practice may register: each one is a delivery of every message it "
        "subscribes to, so their number is what one practice can make the service send.",
    )
    delivery_sweep_seconds: float = Field(default=1.0, gt=0, description="How often due deliveries are sent.")
    delivery_batch_size: int = Field(default=50, ge=1, le=500, description="Deliveries claimed per sweep.")
    delivery_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a claimed delivery is left to its attempt before another replica may retry "
        "it (longer than the connect and read timeouts together).",
    )
    delivery_connect_timeout_seconds: float = Field(default=3.0, gt=0, description="Connect timeout.")
    delivery_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="Read/write timeout of one delivery: receivers answer fast, then work.",
    )
    retry_base_seconds: float = Field(default=5.0, gt=0, description="Ceiling of the first retry's wait.")
    retry_cap_seconds: float = Field(default=3600.0, gt=0, description="Largest wait between two attempts.")
    retry_window_seconds: float = Field(
        default=THREE_DAYS,
        gt=0,
        description="How long a delivery is retried; an endpoint whose attempts all failed that long "
        "is disabled.",
    )
    secret_overlap_seconds: float = Field(
        default=24 * 3600.0, gt=0, description="How long the previous secret keeps signing after a rotation."
    )

    def retry_schedule(self) -> RetrySchedule:
        return RetrySchedule(self.retry_base_seconds, self.retry_cap_seconds, self.retry_window_seconds)
