"""Configuration of ins-service (environment variables prefixed INS_)."""

from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INS_", extra="ignore")

    service_name: str = "ins-service"
    database_name: str = "ins"
    port: int = 8101
