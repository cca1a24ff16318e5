"""Configuration of billing-service (environment variables prefixed BILLING_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from billing_service.domain import CapWindowMode
from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore")

    service_name: str = "billing-service"
    database_name: str = "billing"
    port: int = 8105

    cap_window_mode: CapWindowMode = Field(
        default=CapWindowMode.CALENDAR_YEAR,
        description=(
            "Which 'year' the 4-acts cap counts in (DOMAIN.md §6). Assumption: the calendar year of "
            "the act (Europe/Paris) by default; `rolling_12_months` counts the 12 months ending on "
            "the act's day."
        ),
    )
