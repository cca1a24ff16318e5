"""Configuration of vitale-service (environment variables prefixed VITALE_)."""

from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VITALE_", extra="ignore")

    service_name: str = "vitale-service"
    database_name: str = "vitale"
    port: int = 8102
