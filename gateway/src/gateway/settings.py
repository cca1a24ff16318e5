"""Configuration of the gateway (environment variables prefixed GATEWAY_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    database_name: str = "gateway"
    port: int = 8000
    internal_token_private_key: str | None = Field(
        default=None,
        description="PEM or path of the key signing internal tokens (services hold its public half).",
    )
    internal_token_lifetime_seconds: int = 60

    # Upstream services: the gateway's public paths are theirs, one base URL each.
    ins_url: str = "http://127.0.0.1:8101"
    vitale_url: str = "http://127.0.0.1:8102"
    dmp_url: str = "http://127.0.0.1:8103"
    telemed_url: str = "http://127.0.0.1:8104"
    billing_url: str = "http://127.0.0.1:8105"
    upstream_connect_timeout: float = 2.0
    upstream_read_timeout: float = 30.0
    upstream_write_timeout: float = 30.0
    upstream_pool_timeout: float = 5.0
    upstream_max_connections: int = 200
    upstream_max_keepalive_connections: int = 50
    upstream_retries: int = Field(default=2, description="Extra attempts, idempotent methods only.")
    upstream_retry_backoff_seconds: float = 0.05
    breaker_failure_threshold: int = 5
    breaker_reset_seconds: float = 30.0

    # OAuth2 client credentials (RFC 6749 §4.4): ES256 JWT access tokens.
    oauth_issuer: str = "https://api.dentalink.fr"
    access_token_audience: str = "dentalink-api"
    access_token_lifetime_seconds: int = 300
    access_token_keys_dir: str | None = Field(
        default=None,
        description="Directory of PEM signing keys: the newest signs, the others are still accepted "
        "(rotation overlap). Unset: one key generated at start (development only).",
    )

    # Pro Santé Connect (OpenID Connect) ID tokens naming the acting professional.
    psc_issuer: str = "https://sandbox.dentalink.fr/pro-sante-connect"
    psc_audience: str = "dentalink"
    psc_jwks_url: str | None = Field(
        default=None, description="JWKS of the real issuer; unset: the sandbox issuer in this process."
    )
    psc_jwks_refresh_seconds: float = 300.0
    psc_leeway_seconds: int = 30
    psc_sandbox_private_key: str | None = Field(
        default=None, description="PEM or path of the sandbox issuer key; unset: generated at start."
    )
    psc_sandbox_token_lifetime_seconds: int = 3600

    # Protection of the platform.
    rate_limit: str = Field(default="600/minute", description="Per client, unless the client has its own.")
    token_rate_limit: str = Field(
        default="60/minute", description="Tokens issued per client (successful authentications only)."
    )
    token_failure_limit: str = Field(
        default="10/minute",
        description="Failed token authentications per (source address, claimed client id); then 429. "
        "Failures never count against the claimed client's own limit, so nobody can lock a client out.",
    )
    token_failure_address_limit: str = Field(
        default="100/minute",
        description="Failed token authentications per source address, whatever the client id "
        "(bounds the Argon2 work random ids can cause).",
    )
    max_body_bytes: int = 10 * 1024 * 1024
    idempotency_ttl_hours: float = Field(
        default=1.0,
        description="How long a creating POST's answer (patient data included) is kept for replays.",
    )
    idempotency_lease_seconds: float = 120.0
    idempotency_max_stored_bytes: int = 1024 * 1024
    idempotency_purge_seconds: float = 600.0
