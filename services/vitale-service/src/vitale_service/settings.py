"""Configuration of vitale-service (environment variables prefixed VITALE_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VITALE_", extra="ignore")

    service_name: str = "vitale-service"
    database_name: str = "vitale"
    port: int = 8102

    # DOMAIN.md §4: "a 30-minute session", no public spec, so configuration with default 30.
    session_minutes: float = Field(default=30.0, gt=0, description="Length of an apCV session in minutes.")

    apcv_issuer: str = Field(
        default="https://apcv.sandbox.dentalink.fr", description="`iss` every apCV payload must carry."
    )
    apcv_audience: str = Field(default="dentalink-vitale", description="`aud` every apCV payload must carry.")
    apcv_max_lifetime_seconds: int = Field(
        default=300, gt=0, description="Longest accepted `exp - iat`: payloads are short-lived."
    )
    apcv_leeway_seconds: int = Field(default=30, ge=0, description="Clock skew tolerated on exp, nbf, iat.")

    sandbox_payload_lifetime_seconds: int = Field(
        default=120, gt=0, description="Lifetime of payloads minted by the sandbox app issuer."
    )
    sandbox_issuer_key: str | None = Field(
        default=None,
        description="PEM (or path to it) of the sandbox issuer's current EC P-256 private key. "
        "Unset: a key is generated at start. Set it to share one key between instances.",
    )
    sandbox_issuer_previous_key: str | None = Field(
        default=None,
        description="PEM (or path) of the previous issuer key, still accepted during a rotation.",
    )

    adri_timeout_seconds: float = Field(default=2.0, gt=0, description="Timeout of one ADRI call.")
    adri_max_attempts: int = Field(default=3, ge=1, le=5, description="ADRI calls before giving up.")
    adri_retry_base_seconds: float = Field(default=0.2, ge=0, description="Backoff before the 2nd call.")
    sandbox_adri_fault: str = Field(
        default="none",
        pattern="^(none|timeout|error)$",
        description="Sandbox ADRI behaviour: none, timeout (never answers) or error (fails every call).",
    )

    expiry_sweep_seconds: float = Field(default=5.0, gt=0, description="How often expired sessions close.")
    nonce_purge_seconds: float = Field(default=300.0, gt=0, description="How often spent nonces are purged.")
