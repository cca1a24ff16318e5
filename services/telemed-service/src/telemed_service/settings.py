"""Configuration of telemed-service (environment variables prefixed TELEMED_)."""

from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TELEMED_", extra="ignore")

    service_name: str = "telemed-service"
    database_name: str = "telemed"
    port: int = 8104
