"""Configuration of billing-service (environment variables prefixed BILLING_)."""

from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore")

    service_name: str = "billing-service"
    database_name: str = "billing"
    port: int = 8105
