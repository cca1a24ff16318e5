"""Looking rules and documented operations up by their leading segments finds exactly what a scan of
every template finds, in the same order."""

from hypothesis import given
from hypothesis import strategies as st

from gateway.api.openapi import _documented_operations, documented_methods, public_operation
from gateway.domain.habilitations import RULES, MethodNotAllowed, RouteNotFound, resolve
from gateway.domain.path_index import PathIndex

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
SEGMENT = st.sampled_from(["v1", "identities", "search", "abc", "tele-expertises", "patients", "x", ""])


def _paths_of_the_api() -> list[str]:
    templates = [rule.template for rule in RULES] + [op[1] for op in _documented_operations()]
    bare = (t.replace(":path", "").replace(":subpath", "") for t in templates)
    return [t.replace("{", "").replace("}", "") for t in bare]


def _outcome(method: str, path: str, rules: tuple[object, ...] | None) -> object:
    try:
        match = resolve(method, path, rules) if rules is not None else resolve(method, path)  # type: ignore[arg-type]
        return (match.rule.template, match.params)
    except MethodNotAllowed as refused:
        return ("405", sorted(refused.allowed))
    except RouteNotFound:
        return "404"


def _scan_operation(method: str, path: str) -> str:
    fallback = None
    for pattern, template, methods in _documented_operations():
        if pattern.match(path):
            if method in methods:
                return template
            fallback = fallback or template
    return fallback or ("/v1/{unmatched}" if path.startswith("/v1/") else "{other}")


def _scan_methods(path: str) -> frozenset[str]:
    found: set[str] = set()
    for pattern, _, methods in _documented_operations():
        if pattern.match(path):
            found |= methods
    return frozenset(found)


def _check(method: str, path: str) -> None:
    assert _outcome(method, path, None) == _outcome(method, path, RULES)
    assert public_operation(method, path) == _scan_operation(method, path)
    assert documented_methods(path) == _scan_methods(path)


def test_every_template_of_the_api_resolves_as_a_full_scan_does() -> None:
    for path in _paths_of_the_api():
        for method in METHODS:
            _check(method, path)


@given(st.lists(SEGMENT, min_size=0, max_size=5), st.sampled_from(METHODS))
def test_any_path_resolves_as_a_full_scan_does(segments: list[str], method: str) -> None:
    _check(method, "/" + "/".join(segments))


def test_order_is_kept_and_placeholders_at_the_root_match_everywhere() -> None:
    index = PathIndex(
        [("/v1/a/{id}", 1), ("/v1{rest:subpath}", 2), ("/v1/a/b", 3), ("/v1/c", 4), ("/{any}/a", 5)]
    )
    assert index.candidates("/v1/a/b") == (1, 2, 3, 5)
    assert index.candidates("/v1/c") == (2, 4, 5)
    assert index.candidates("/v2/a") == (2, 5)
