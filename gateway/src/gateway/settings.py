"""Configuration of the gateway (environment variables prefixed GATEWAY_)."""

import socket

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings
from servicekit.admin import worker_name


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
    webhook_url: str = "http://127.0.0.1:8106"
    upstream_connect_timeout: float = 2.0
    upstream_read_timeout: float = 30.0
    upstream_write_timeout: float = 30.0
    upstream_pool_timeout: float = 5.0
    upstream_max_connections: int = 200
    upstream_max_keepalive_connections: int = 100
    upstream_retries: int = Field(default=2, description="Extra attempts, idempotent methods only.")
    upstream_retry_backoff_seconds: float = 0.05
    # Circuit breaker per upstream (gateway.breaker): opens on the share of calls that found the
    # upstream unable to answer (transport errors, timeouts, a 502/503/504 that is not a service's
    # problem document), never on answers the request itself caused (4xx, 500).
    breaker_failure_ratio: float = Field(
        default=0.5, gt=0, le=1, description="Share of failed calls in the window that opens the circuit."
    )
    breaker_window_seconds: float = Field(
        default=30.0, gt=0, description="Sliding window the failure ratio is measured over."
    )
    breaker_minimum_calls: int = Field(
        default=20, ge=1, description="Calls the window must hold before the ratio can open the circuit."
    )
    breaker_reset_seconds: float = Field(
        default=30.0, ge=0, description="How long an open circuit fails fast before probing."
    )
    breaker_half_open_calls: int = Field(
        default=3, ge=1, description="Probe calls let through after the pause; all must succeed to close."
    )
    breaker_ramp_seconds: float = Field(
        default=5.0,
        ge=0,
        description="After closing, calls in flight start at the probe count, doubling each second.",
    )

    # Where vendors reach this gateway: the OAuth metadata (RFC 8414) and the tokens' issuer name it.
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/?#]+(?:/[^\s?#]*)?$",
        description="The gateway's public base URL as vendors call it (production: the https address "
        "behind the ingress, e.g. https://api.dentalink.fr). Unset: http://127.0.0.1:<port>, the local "
        "or sandbox gateway; required in production.",
    )

    # OAuth2 client credentials (RFC 6749 §4.4): ES256 JWT access tokens.
    oauth_issuer: str | None = Field(
        default=None, description="The tokens' `iss` and the metadata's `issuer`; unset: `public_url`."
    )
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
    psc_max_token_lifetime_seconds: int = Field(
        default=3600,
        ge=1,
        description="ID tokens whose lifetime (exp - iat) is longer are refused, wherever they come from.",
    )
    psc_sandbox_private_key: str | None = Field(
        default=None, description="PEM or path of the sandbox issuer key; unset: generated at start."
    )
    psc_sandbox_token_lifetime_seconds: int = 3600

    # Protection of the platform.
    rate_limit: str = Field(default="600/minute", description="Per client, unless the client has its own.")
    rate_limit_storage_url: str = Field(
        default="memory://",
        pattern=r"^(memory://|rediss?://\S+)$",
        description="Where the rate-limit and failed-login counters live: `memory://`, this process "
        "(one gateway; with several, each enforces the limits on its own share of the traffic), or "
        "`redis://host:port/db` (`rediss://` for TLS), one Redis shared by every gateway. When Redis "
        "fails, each gateway counts on its own until it answers again (gateway.ratelimit).",
    )
    standing_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description="How long a (client, practice, professional) standing is reused without asking the "
        "database; roster changes through this process apply at once, others within this delay. 0: "
        "always ask.",
    )
    token_rate_limit: str = Field(
        default="60/minute", description="Tokens issued per client (successful authentications only)."
    )
    token_failure_free_attempts: int = Field(
        default=5,
        ge=1,
        description="Failed token authentications per (source address, claimed client id) before "
        "back-off. Failures never count against the claimed client's own limit, nor against the "
        "back-off of other clients behind the same address (one NAT), so nobody can lock a client out.",
    )
    token_failure_backoff_seconds: float = Field(
        default=1.0, gt=0, description="First back-off delay; it doubles with each further failure."
    )
    token_failure_backoff_max_seconds: float = Field(default=300.0, gt=0, description="Longest back-off.")
    token_failure_forget_seconds: float = Field(
        default=900.0,
        gt=0,
        description="A (source address, client id) without failures this long starts afresh.",
    )
    token_failure_address_limit: str = Field(
        default="100/minute",
        description="Failed token authentications per source address, whatever the client id (bounds the "
        "Argon2 work random ids can cause); then 429, except for the clients that authenticated from "
        "this address in the last `token_trusted_seconds`.",
    )
    token_trusted_seconds: float = Field(
        default=86_400.0,
        ge=0,
        description="How long a successful authentication from an address exempts that client there "
        "from the address's limit.",
    )
    max_body_bytes: int = 10 * 1024 * 1024
    idempotency_ttl_hours: float = Field(
        default=1.0,
        description="How long a creating POST's answer (patient data included) is kept for replays.",
    )
    idempotency_lease_seconds: float = Field(
        default=120.0,
        gt=0,
        description="How long a key stays in flight when its gateway process stops answering for it "
        "without crashing; a process that crashed releases its keys as it starts again (`instance`).",
    )
    instance: str = Field(
        default_factory=socket.gethostname,
        min_length=1,
        max_length=128,
        description="This gateway process's name, unique among the gateways sharing the database (a "
        "pod's hostname; deploy/local names each process by its port). At start-up the process "
        "releases the Idempotency-Keys still in flight under its name: they were its crashed "
        "predecessor's, and a client's retry proceeds instead of waiting out their lease. Each "
        "worker of a process of several is `<instance>-w<slot>` (`worker_instance`).",
    )
    idempotency_max_stored_bytes: int = 1024 * 1024
    idempotency_purge_seconds: float = 600.0

    @property
    def base_url(self) -> str:
        """The public base URL without a trailing slash: `public_url`, else this local gateway's."""
        return (self.public_url or f"http://127.0.0.1:{self.port}").rstrip("/")

    @property
    def issuer(self) -> str:
        """The OAuth issuer identifier: `oauth_issuer`, else the public base URL (RFC 8414 §2)."""
        return (self.oauth_issuer or self.base_url).rstrip("/")

    def production_violations(self, *, messaging: bool) -> list[str]:
        """The kit's checks, and a public URL (a local default would name 127.0.0.1 to vendors)."""
        violations = super().production_violations(messaging=messaging)
        if self.public_url is None:
            violations.append("the gateway's public URL is not set (PUBLIC_URL)")
        return violations

    @property
    def worker_instance(self) -> str:
        """The name this worker holds Idempotency-Keys under: `instance`, `-w<slot>` when the process
        runs several workers, so a worker releases only its own crashed predecessor's keys."""
        return worker_name(self.instance)
