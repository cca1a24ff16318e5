"""The habilitation matrix: routing, least privilege, and what is traced."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dentalink_contracts.values import Role
from gateway.domain.habilitations import (
    RULES,
    MethodNotAllowed,
    RouteNotFound,
    Upstream,
    compile_template,
    resolve,
    unsafe_path,
)

INS = "295109912611193"
PATIENT_DATA_ROUTES = [
    ("GET", "/v1/identities/1"),
    ("POST", "/v1/identities"),
    ("GET", f"/v1/patients/{INS}/documents"),
    ("POST", "/v1/tele-expertises/1/report"),
    ("GET", "/v1/invoices/1"),
    ("POST", "/v1/care-sheets"),
    ("GET", "/v1/apcv-sessions/1"),
]


@pytest.mark.parametrize(
    ("method", "path", "upstream"),
    [
        ("GET", "/v1/identities", Upstream.INS),
        ("POST", "/v1/identities/1/insi-lookups", Upstream.INS),
        ("POST", "/v1/apcv-sessions/1/close", Upstream.VITALE),
        ("GET", f"/v1/patients/{INS}/profile/allergies", Upstream.DMP),
        ("GET", "/v1/fhir/metadata", Upstream.DMP),
        ("POST", "/v1/care-relationships", Upstream.TELEMED),
        ("GET", "/v1/billing-summaries", Upstream.BILLING),
        ("GET", "/v1/invoices/export.csv", Upstream.BILLING),
        ("POST", "/v1/sandbox/apcv-payloads", Upstream.VITALE),
        ("GET", "/v1/webhook-endpoints", Upstream.WEBHOOK),
        ("POST", "/v1/webhook-endpoints/1/deliveries/2/redelivery", Upstream.WEBHOOK),
        ("PATCH", "/v1/webhook-endpoints/1", Upstream.WEBHOOK),
        ("GET", "/v1/audit-events", Upstream.GATEWAY),
        ("POST", "/v1/sandbox/psc-tokens", Upstream.GATEWAY),
        ("POST", "/v1/sandbox/practices/cab-1/reset", Upstream.GATEWAY),
    ],
)
def test_each_route_goes_to_its_owner(method: str, path: str, upstream: Upstream) -> None:
    assert resolve(method, path).rule.upstream is upstream


def test_templates_capture_parameters() -> None:
    match = resolve("GET", f"/v1/patients/{INS}/documents/d1")
    assert match.params == {"ins": INS, "rest": "/documents/d1"}
    assert compile_template("/v1/x/{id}{rest:subpath}").fullmatch("/v1/x/1")
    assert not compile_template("/v1/x/{id}").fullmatch("/v1/x/1/2")


def test_unknown_routes_and_methods() -> None:
    with pytest.raises(RouteNotFound):
        resolve("GET", "/v1/secrets")
    with pytest.raises(MethodNotAllowed) as refused:
        resolve("DELETE", "/v1/identities")
    assert "POST" in refused.value.allowed and "GET" in refused.value.allowed


@given(st.lists(st.sampled_from(["identities", "1", ".", "..", "", "patients"]), min_size=1, max_size=6))
def test_dot_and_empty_segments_are_never_routed(segments: list[str]) -> None:
    path = "/v1/" + "/".join(segments)
    if unsafe_path(path):
        with pytest.raises(RouteNotFound):
            resolve("GET", path)
    else:
        assert all(segment not in ("", ".", "..") for segment in path.split("/")[1:])


def test_specific_rules_win_over_general_ones() -> None:
    assert resolve("POST", "/v1/tele-expertises/1/acceptance").rule.roles == {Role.DENTIST, Role.SPECIALIST}
    assert Role.EHPAD_PROFESSIONAL in resolve("POST", "/v1/tele-expertises/1/cancellation").rule.roles
    assert resolve("GET", f"/v1/patients/{INS}/access-log").rule.roles == {Role.AUDITOR, Role.PRACTICE_ADMIN}


def test_least_privilege() -> None:
    clinical = [rule for rule in RULES if rule.upstream is Upstream.DMP and rule.scope.startswith("dmp")]
    assert clinical and all(Role.DENTAL_ASSISTANT not in rule.roles for rule in clinical)
    assert all(Role.AUDITOR not in rule.roles for rule in RULES if rule.scope.endswith(":write"))
    assert all(rule.roles <= {Role.PRACTICE_ADMIN} for rule in RULES if rule.scope.startswith("practices"))
    reset = resolve("POST", "/v1/sandbox/practices/cab-1/reset").rule
    assert (reset.roles, reset.sandbox) == ({Role.PRACTICE_ADMIN}, True)
    writes_of_patient_data = [r for r in RULES if r.audit and r.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert all(Role.PRACTICE_ADMIN not in r.roles for r in writes_of_patient_data)


@pytest.mark.parametrize(("method", "path"), PATIENT_DATA_ROUTES)
def test_patient_data_routes_are_audited(method: str, path: str) -> None:
    assert resolve(method, path).rule.audit is not None


def test_every_rule_is_consistent() -> None:
    for rule in RULES:
        assert rule.scope
        assert rule.professional == bool(rule.roles), rule.template
        if rule.audit is not None:
            assert rule.professional
            for name in (rule.audit.id_param, rule.audit.ins_param):
                assert name is None or "{" + name in rule.template, rule.template
