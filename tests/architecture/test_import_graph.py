"""The import graph of the platform's source (ARCHITECTURE.md, "Every service has the same shape"),
read from the AST of every module under services/*/src, gateway/src, libs/servicekit/src and
contracts/src, nothing imported:

- no service imports another service, nor the gateway; the gateway imports no service (the merged
  OpenAPI document is built by tools/openapi_merge.py at `make contracts` time, not at run time);
  servicekit imports no service and not the gateway; contracts import neither servicekit, the
  gateway nor a service. Dynamic imports count: `importlib.import_module("x")` and any string that
  names a module of a forbidden package (`"ins_service.main"`).
- in each service and in the gateway, only `problems.py` and `api.py` / `api/` import ProblemError;
- data flows one way: workflows do not import the api, stores import neither problems nor FastAPI.
"""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {
    path.name: path
    for path in sorted(ROOT.glob("services/*/src/*"))
    if path.is_dir() and (path / "__init__.py").exists()
}
GATEWAY, SERVICEKIT, CONTRACTS = "gateway", "servicekit", "dentalink_contracts"
PACKAGES = {
    **SERVICES,
    GATEWAY: ROOT / "gateway" / "src" / "gateway",
    SERVICEKIT: ROOT / "libs" / "servicekit" / "src" / "servicekit",
    CONTRACTS: ROOT / "contracts" / "src" / "dentalink_contracts",
}
FORBIDDEN = {
    **{name: (set(SERVICES) - {name}) | {GATEWAY} for name in SERVICES},
    GATEWAY: set(SERVICES),
    SERVICEKIT: set(SERVICES) | {GATEWAY},
    CONTRACTS: set(SERVICES) | {GATEWAY, SERVICEKIT},
}
# Where ProblemError may be imported: the package's problems.py, and api.py or the api/ package.
PROBLEM_HOMES = re.compile(r"^(problems|api)\.py$|^api/")
_MODULE_PATH = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")


@dataclass(frozen=True)
class Import:
    """One module a source file refers to, and the names it takes from it."""

    source: Path
    line: int
    module: str
    names: tuple[str, ...] = ()

    def where(self) -> str:
        return f"{self.source.relative_to(ROOT)}:{self.line} -> {self.module}"


def _module_name(package: str, path: Path) -> str:
    relative = path.relative_to(PACKAGES[package]).with_suffix("")
    parts = [package, *relative.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(package: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    here = _module_name(package, path).split(".")
    base = here if path.name == "__init__.py" else here[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _is_dynamic_import(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in ("import_module", "__import__")


def _names_a_module(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and "." in node.value
        and _MODULE_PATH.match(node.value) is not None
    )


def imports(package: str) -> Iterator[Import]:
    """Every import of the package's modules, static or by name."""
    for path in sorted(PACKAGES[package].rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(path, node.lineno, alias.name)
            elif isinstance(node, ast.ImportFrom):
                names = tuple(alias.name for alias in node.names)
                yield Import(path, node.lineno, _absolute(package, path, node), names)
            elif isinstance(node, ast.Call) and _is_dynamic_import(node):
                for argument in node.args[:1]:
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        yield Import(path, node.lineno, argument.value)
            elif _names_a_module(node):
                # A module named in a string may be imported later (`import_module(MODULES[x])`).
                assert isinstance(node, ast.Constant)
                yield Import(path, node.lineno, str(node.value))


def _top(module: str) -> str:
    return module.split(".", 1)[0]


def _relative(package: str, path: Path) -> str:
    return path.relative_to(PACKAGES[package]).as_posix()


def test_every_package_is_found() -> None:
    assert len(SERVICES) >= 5, SERVICES
    assert all(path.is_dir() for path in PACKAGES.values())


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_package_imports_what_it_must_not_know(package: str) -> None:
    wrong = [found.where() for found in imports(package) if _top(found.module) in FORBIDDEN[package]]
    assert not wrong, f"{package} imports {sorted(FORBIDDEN[package])}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("package", sorted([*SERVICES, GATEWAY]))
def test_only_problems_and_api_import_problem_error(package: str) -> None:
    wrong = sorted(
        {
            _relative(package, found.source)
            for found in imports(package)
            if "ProblemError" in found.names and not PROBLEM_HOMES.match(_relative(package, found.source))
        }
    )
    assert not wrong, f"{package}: ProblemError imported outside problems.py and api: {wrong}"


def _modules(package: str, name: str) -> list[Path]:
    root = PACKAGES[package]
    return [path for path in [root / f"{name}.py", *sorted((root / name).rglob("*.py"))] if path.exists()]


@pytest.mark.parametrize("package", sorted([*SERVICES, GATEWAY]))
def test_workflows_do_not_import_the_api(package: str) -> None:
    workflows = set(_modules(package, "workflows"))
    assert workflows, f"{package} has no workflows module: every service has one (ARCHITECTURE.md)"
    api = f"{package}.api"
    wrong = [
        found.where()
        for found in imports(package)
        if found.source in workflows and (found.module == api or found.module.startswith(api + "."))
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", sorted([*SERVICES, GATEWAY]))
def test_stores_import_neither_problems_nor_fastapi(package: str) -> None:
    stores = set(_modules(package, "store"))
    assert stores, f"{package} has no store module: every service has one (ARCHITECTURE.md)"
    wrong = [
        found.where()
        for found in imports(package)
        if found.source in stores
        and (
            _top(found.module) == "fastapi"
            or found.module in (f"{package}.problems", "servicekit.problems")
            or "ProblemError" in found.names
        )
    ]
    assert not wrong, "\n".join(wrong)
