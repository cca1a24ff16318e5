"""`DENTALINK_ENV=production` refuses a development posture; Kafka security comes from settings."""

import base64
from pathlib import Path

import pytest

from dentalink_contracts.sealing import DEV_FIELD_KEY, DEV_FIELD_KEY_ID, FieldKeysError, new_field_key_spec
from servicekit import ServiceSpec, create_app
from servicekit.app import ProductionPostureError
from servicekit.settings import ServiceSettings

SECRET = "a-production-pseudonym-secret-of-forty-chars"


def spec(settings: ServiceSettings, *, messaging: bool) -> ServiceSpec[None]:
    return ServiceSpec(
        settings=settings,
        title="t",
        description="d",
        routers=[],
        migrations_dir=Path("."),
        context=lambda _: None,
        produces=["x.y.v1"] if messaging else [],
    )


def test_development_posture_is_refused_in_production_naming_each_setting_not_its_value():
    settings = ServiceSettings(service_name="svc", environment="production")
    with pytest.raises(ProductionPostureError) as refused:
        create_app(spec(settings, messaging=True))
    message = str(refused.value)
    for named in (
        "SANDBOX_ENABLED",
        "pseudonym secret",
        "SASL_SSL",
        "KAFKA_CREATE_TOPICS",
        "ADMIN_PORT",
        "development field key",
    ):
        assert named in message
    assert "dentalink-dev-pseudonym-secret" not in message


def test_a_production_posture_starts_and_a_process_without_events_needs_no_kafka_security():
    hardened = ServiceSettings(
        service_name="svc",
        environment="production",
        sandbox_enabled=False,
        pseudonym_secret=SECRET,
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_username="svc",
        kafka_sasl_password="not-a-real-password",
        kafka_create_topics=False,
        admin_port=9911,
        field_keys=new_field_key_spec("2026-12"),
    )
    assert create_app(spec(hardened, messaging=True)) is not None
    quiet = ServiceSettings(
        service_name="gw",
        environment="production",
        sandbox_enabled=False,
        pseudonym_secret=SECRET,
        admin_port=9912,
    )
    assert create_app(spec(quiet, messaging=False)) is not None


def test_development_is_the_default_and_dentalink_env_selects_the_environment(monkeypatch):
    monkeypatch.delenv("DENTALINK_ENV", raising=False)
    assert ServiceSettings().resolved_environment() == "development"
    monkeypatch.setenv("DENTALINK_ENV", "production")
    assert ServiceSettings().resolved_environment() == "production"
    with pytest.raises(ProductionPostureError):
        create_app(spec(ServiceSettings(service_name="svc"), messaging=False))


def test_kafka_clients_get_sasl_scram_over_tls_from_settings():
    assert ServiceSettings().kafka_client_options() == {}
    options = ServiceSettings(
        kafka_security_protocol="SASL_SSL", kafka_sasl_username="u", kafka_sasl_password="p"
    ).kafka_client_options()
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("u", "p")
    assert options["ssl_context"] is not None


def test_the_development_field_key_is_refused_in_production_even_among_other_keys(monkeypatch):
    monkeypatch.delenv("DENTALINK_FIELD_KEYS", raising=False)
    production = ServiceSettings(service_name="svc", environment="production")
    with pytest.raises(FieldKeysError):
        production.field_key_ring()
    assert any("development field key" in v for v in production.production_violations(messaging=True))
    assert not any("field key" in v for v in production.production_violations(messaging=False))
    dev = base64.urlsafe_b64encode(DEV_FIELD_KEY).decode().rstrip("=")
    mixed = ServiceSettings(
        environment="production", field_keys=f"{new_field_key_spec('new')},{DEV_FIELD_KEY_ID}:{dev}"
    )
    assert any("development field key" in v for v in mixed.production_violations(messaging=True))
    rotated = ServiceSettings(environment="production", field_keys=new_field_key_spec("2027-01"))
    assert not any("field key" in v for v in rotated.production_violations(messaging=True))
    assert rotated.field_key_ring().sealing_kid == "2027-01"


def test_the_field_key_ring_comes_from_dentalink_field_keys_else_the_development_key(monkeypatch):
    monkeypatch.setenv("DENTALINK_FIELD_KEYS", new_field_key_spec("platform"))
    assert ServiceSettings(environment="development").field_key_ring().sealing_kid == "platform"
    monkeypatch.delenv("DENTALINK_FIELD_KEYS")
    assert ServiceSettings(environment="development").field_key_ring().sealing_kid == DEV_FIELD_KEY_ID
