"""Configuration of dmp-service (environment variables prefixed DMP_)."""

from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DMP_", extra="ignore")

    service_name: str = "dmp-service"
    database_name: str = "dmp"
    port: int = 8103
