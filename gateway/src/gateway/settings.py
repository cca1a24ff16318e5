"""Configuration of the gateway (environment variables prefixed GATEWAY_)."""

from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    database_name: str = "gateway"
    port: int = 8000
    internal_token_private_key: str | None = None
