"""The deployment manifests (issue 17): the Dockerfile, deploy/compose/compose.yaml and the kustomize base
of deploy/k8s, validated offline — nothing is built, pulled or started.

The tools are the real ones, built once from the Go module proxy into .cache/k8s-tools
(deploy/k8s/tools/tools.sh): kustomize renders the base, and manifest-check decodes the rendering with
the Kubernetes API types (strict), loads the compose file with compose-go (the loader of `docker
compose`), converts the Dockerfile with BuildKit's frontend and lists the build context. What each
process must be given is derived from the code: the processes and how they start from
deploy/local/stack.sh, their settings from each `Settings` class, what production requires from
servicekit's `production_violations`, Kafka topics, ACLs and consumer groups from each `ServiceSpec`.

Not validated here (no cluster, no registry, no internet): the Strimzi and CloudNativePG resources
against their CRD schemas, the images named in compose.yaml, the build itself.
"""

import ast
import contextlib
import importlib
import importlib.util
import ipaddress
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
import yaml
from pydantic.fields import FieldInfo

from dentalink_contracts.events import ALL_EVENTS
from dentalink_contracts.sealing import FIELD_KEYS_VARIABLE, new_field_key_spec, parse_field_keys
from dentalink_contracts.topics import dead_letter_topic, namespaced
from servicekit import ServiceSettings, ServiceSpec

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy/k8s"
COMPOSE = ROOT / "deploy/compose"
STACK = ROOT / "deploy/local/stack.sh"
TOOLS = K8S / "tools/tools.sh"
# Building kustomize and manifest-check takes minutes the first time (then .cache keeps them).
pytestmark = pytest.mark.timeout(900)

# Variables a process reads that are not fields of its Settings, each with the library that reads it.
LIBRARY_VARIABLES = {"PGSSLROOTCERT": "asyncpg.connect_utils", "FORWARDED_ALLOW_IPS": "uvicorn.config"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
SANDBOX_VIOLATIONS = ("SANDBOX_ENABLED", "KAFKA_SECURITY_PROTOCOL", "KAFKA_CREATE_TOPICS")


# --- The processes: deploy/local/stack.sh --------------------------------------------------------


@dataclass(frozen=True)
class Process:
    name: str
    module: str
    factory: str
    port: int

    @property
    def package(self) -> str:
        return self.module.split(".")[0]

    @property
    def admin_port(self) -> int:
        return self.port + admin_port_shift()


@cache
def stack_script() -> str:
    return STACK.read_text()


@cache
def processes() -> tuple[Process, ...]:
    block = re.search(r"^PROCESSES=\((.*?)^\)", stack_script(), re.S | re.M)
    assert block, "deploy/local/stack.sh has no PROCESSES=( … ) list"
    entries = re.findall(r'"([a-z-]+):([a-z_.]+):([a-z_]+):(\d+)"', block.group(1))
    return tuple(Process(name, module, factory, int(port)) for name, module, factory, port in entries)


@cache
def admin_port_shift() -> int:
    found = re.search(r"^ADMIN_PORT_SHIFT=(\d+)", stack_script(), re.M)
    assert found, "deploy/local/stack.sh has no ADMIN_PORT_SHIFT"
    return int(found.group(1))


def expected_command(process: Process) -> list[str]:
    """uvicorn as stack.sh's uvicorn_args starts it, listening on every interface of a container, one
    worker (a deployment scales out by replicas)."""
    found = re.search(r"UVICORN=\((.*?)\)\n\s*\}", stack_script(), re.S)
    assert found, "deploy/local/stack.sh has no UVICORN=( … ) command"
    words = shlex.split(found.group(1))
    words = words[words.index("uvicorn") :]
    command = []
    for previous, word in zip(["", *words], words, strict=False):
        if previous == "--factory":
            word = f"{process.module}:{process.factory}"
        elif previous == "--host":
            word = "0.0.0.0"
        elif previous == "--port":
            word = str(process.port)
        elif previous == "--workers":
            word = "1"
        command.append(word)
    assert not [word for word in command if "$" in word], f"stack.sh's command has words to expand: {command}"
    return command


# --- What each process reads: its Settings class and its ServiceSpec -----------------------------


def settings_class(process: Process) -> type[ServiceSettings]:
    cls: type[ServiceSettings] = importlib.import_module(f"{process.package}.settings").Settings
    return cls


def prefix(process: Process) -> str:
    return str(settings_class(process).model_config.get("env_prefix", ""))


class _Captured(Exception):
    """Not an error: carries the spec out of the factory."""

    def __init__(self, spec: ServiceSpec[Any]) -> None:
        self.spec = spec


def service_spec(process: Process, settings: ServiceSettings) -> ServiceSpec[Any]:
    """The ServiceSpec the process's factory hands servicekit, caught before any app is created."""
    main: ModuleType = importlib.import_module(process.module)

    def capture(spec: ServiceSpec[Any]) -> Any:
        raise _Captured(spec)

    with mock.patch.object(main, "create_app", capture):
        try:
            getattr(main, process.factory)(settings)
        except _Captured as captured:
            return captured.spec
    raise AssertionError(f"{process.module}:{process.factory} did not call create_app")


@cache
def servicekit_variables() -> frozenset[str]:
    """The process-wide variables servicekit reads besides the Settings fields (DATABASE_URL,
    DENTALINK_ENV, …): every `os.environ.get(NAME)`, `os.getenv(NAME)` and `os.environ[NAME]` of its
    modules, NAME a literal or a module constant (its test helpers left out)."""
    names: set[str] = set()
    for path in (ROOT / "libs/servicekit/src/servicekit").glob("*.py"):
        if path.stem in ("testing", "fakes"):
            continue
        tree = ast.parse(path.read_text())
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        } | {"FIELD_KEYS_VARIABLE": FIELD_KEYS_VARIABLE}
        for node in ast.walk(tree):
            argument: ast.expr | None = None
            if isinstance(node, ast.Call) and node.args:
                if ast.unparse(node.func) in ("os.environ.get", "os.getenv"):
                    argument = node.args[0]
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
                argument = node.slice
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                names.add(argument.value)
            elif isinstance(argument, ast.Name) and argument.id in constants:
                names.add(constants[argument.id])
    assert {"DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "DENTALINK_ENV", FIELD_KEYS_VARIABLE} <= names
    return frozenset(names)


@cache
def opentelemetry_variables() -> frozenset[str]:
    """The OTEL_* variables the OpenTelemetry SDK and exporters read (their own lists)."""
    names: set[str] = set()
    for module in ("opentelemetry.environment_variables", "opentelemetry.sdk.environment_variables",
                   "opentelemetry.exporter.otlp.proto.http"):  # fmt: skip
        with contextlib.suppress(ImportError):
            loaded = importlib.import_module(module)
            names |= {
                value
                for value in vars(loaded).values()
                if isinstance(value, str) and value.startswith("OTEL_")
            }
    assert "OTEL_EXPORTER_OTLP_ENDPOINT" in names
    return frozenset(names)


def library_reads(variable: str) -> bool:
    module = LIBRARY_VARIABLES.get(variable)
    if module is None:
        return False
    spec = importlib.util.find_spec(module)
    return spec is not None and spec.origin is not None and variable in Path(spec.origin).read_text()


def field_variable(process: Process, field: str) -> str:
    return f"{prefix(process)}{field}".upper()


def secret_fields(cls: type[ServiceSettings]) -> set[str]:
    """Fields holding a secret: kept out of repr, or named as one."""
    fields: dict[str, FieldInfo] = cls.model_fields
    return {
        name
        for name, info in fields.items()
        if info.repr is False or name.endswith(("_secret", "_password", "_private_key"))
    }


def loopback_defaults(cls: type[ServiceSettings]) -> set[str]:
    """Fields whose default points at this machine: a container must be given another value."""
    return {
        name
        for name, info in cls.model_fields.items()
        if isinstance(info.default, str) and any(host in info.default for host in LOOPBACK_HOSTS)
    }


def host_of(address: str) -> str:
    return urlsplit(address if "://" in address else f"//{address}").hostname or ""


@contextlib.contextmanager
def environment(variables: dict[str, str]) -> Iterator[None]:
    with mock.patch.dict(os.environ, variables, clear=True):
        yield


@dataclass
class ProcessView:
    """One process as a deployment configures it: its environment, Settings built from it, its spec."""

    process: Process
    variables: dict[str, str]
    settings: ServiceSettings
    spec: ServiceSpec[Any]
    database_url: str
    kafka: str


def view_of(process: Process, variables: dict[str, str]) -> ProcessView:
    with environment(variables):
        settings = settings_class(process)()
        spec = service_spec(process, settings)
        return ProcessView(
            process, variables, settings, spec, settings.resolved_database_url(), settings.resolved_kafka()
        )


def unknown_variables(process: Process, variables: dict[str, str], composition: set[str]) -> set[str]:
    """Variables the process reads from nowhere: not a field of its Settings, not one servicekit,
    OpenTelemetry or a library reads, not an input of another variable's $(…) expansion."""
    fields = {field_variable(process, name) for name in settings_class(process).model_fields}
    known = fields | servicekit_variables() | opentelemetry_variables() | composition
    return {name for name in variables if name not in known and not library_reads(name)}


def placeholder_secret(variable: str, process: Process) -> str:
    """A value of the right shape for a variable whose value comes from a secret."""
    fields = {field_variable(process, name): name for name in settings_class(process).model_fields}
    if fields.get(variable) == "field_keys" or variable == FIELD_KEYS_VARIABLE:
        return new_field_key_spec("deploy-test")
    return "s3cr3t" + "0123456789abcdef" * 3


def check_settings(view: ProcessView, *, production: bool) -> list[str]:
    """What is wrong with the settings a deployment gives one process; [] when nothing."""
    problems = []
    process, settings = view.process, view.settings
    cls = type(settings)
    for name in loopback_defaults(cls):
        if field_variable(process, name) not in view.variables:
            problems.append(f"{field_variable(process, name)} is not set: its default is this machine's")
    if settings.admin_port != process.admin_port:
        problems.append(
            f"admin port {settings.admin_port}, not {process.admin_port} (port + {admin_port_shift()})"
        )
    if settings.port != process.port and field_variable(process, "port") in view.variables:
        problems.append(f"PORT {settings.port} while uvicorn listens on {process.port}")
    if host_of(view.database_url) in LOOPBACK_HOSTS:
        problems.append(f"its database is on this machine: {host_of(view.database_url)}")
    database = urlsplit(view.database_url).path.lstrip("/")
    if database != settings.database_name:
        problems.append(f"database {database!r}, not its own {settings.database_name!r}")
    if view.spec.messaging and any(host_of(broker) in LOOPBACK_HOSTS for broker in view.kafka.split(",")):
        problems.append("Kafka is on this machine")
    with environment(view.variables):
        environment_name = settings.resolved_environment()
        violations = settings.production_violations(messaging=view.spec.messaging)
    if production:
        if environment_name != "production":
            problems.append(f"DENTALINK_ENV is {environment_name!r}")
        problems += [f"production refuses it: {violation}" for violation in violations]
    else:
        problems += [
            f"even outside production: {violation}"
            for violation in violations
            if not any(setting in violation for setting in SANDBOX_VIOLATIONS)
        ]
    if view.spec.messaging and settings.kafka_create_topics:
        if settings.kafka_topic_partitions < 6:
            problems.append(f"topics created with {settings.kafka_topic_partitions} partitions (< 6)")
        if settings.kafka_replication_factor < 3:
            problems.append(f"topics created with replication factor {settings.kafka_replication_factor}")
    return problems


def startup_problems(view: ProcessView) -> list[str]:
    """What the processes refuse at start-up outside production_violations: the gateway's keys
    (gateway/context.py open_context), the services' gateway public key (servicekit.auth)."""
    settings: Any = view.settings
    with environment(view.variables):
        if view.process.name == "gateway":
            problems = []
            if not settings.internal_token_private_key:
                problems.append("GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY is missing (start-up fails)")
            if not settings.sandbox_enabled and not settings.psc_jwks_url:
                problems.append("no Pro Santé Connect keys: GATEWAY_PSC_JWKS_URL (start-up fails)")
            if not settings.access_token_keys_dir:
                problems.append(
                    "GATEWAY_ACCESS_TOKEN_KEYS_DIR is missing: each replica would sign with its own key"
                )
            return problems
        if not (settings.internal_token_public_key or os.environ.get("DENTALINK_INTERNAL_PUBLIC_KEY")):
            return ["no gateway public key: every request would be 401"]
        return []


# --- Tools ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def tools() -> dict[str, str]:
    """kustomize and manifest-check, built by deploy/k8s/tools/tools.sh when missing or stale."""
    built = subprocess.run(["bash", str(TOOLS), "install"], capture_output=True, text=True, timeout=900)
    if built.returncode != 0:
        pytest.fail(f"deploy/k8s/tools/tools.sh install failed:\n{built.stderr[-4000:]}")
    paths = {}
    for name in ("kustomize", "manifest-check"):
        path = subprocess.run(["bash", str(TOOLS), "path", name], capture_output=True, text=True, check=True)
        paths[name] = path.stdout.strip()
    return paths


def run_json(*command: str) -> Any:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stderr}"
    return yaml.safe_load(done.stdout)


# --- Kubernetes -----------------------------------------------------------------------------------


@dataclass
class Rendering:
    text: str
    documents: list[dict[str, Any]]

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [doc for doc in self.documents if doc["kind"] == kind]

    def named(self, kind: str, name: str) -> dict[str, Any]:
        found = [doc for doc in self.of_kind(kind) if doc["metadata"]["name"] == name]
        assert len(found) == 1, f"{len(found)} {kind} named {name}"
        return found[0]

    def configmap_data(self, name: str) -> dict[str, str]:
        matching = [doc for doc in self.of_kind("ConfigMap") if doc["metadata"]["name"] == name]
        assert len(matching) == 1, f"ConfigMap {name} is not rendered"
        data: dict[str, str] = matching[0].get("data", {})
        return data


def kustomize_build(tools: dict[str, str], directory: Path) -> Rendering:
    built = subprocess.run(
        [tools["kustomize"], "build", str(directory)], capture_output=True, text=True, timeout=120
    )
    assert built.returncode == 0, f"kustomize build {directory}:\n{built.stderr}"
    return Rendering(built.stdout, [doc for doc in yaml.safe_load_all(built.stdout) if doc])


@pytest.fixture(scope="session")
def rendered(tools: dict[str, str]) -> Rendering:
    return kustomize_build(tools, K8S)


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, f"{deployment['metadata']['name']}: one container expected"
    found: dict[str, Any] = containers[0]
    return found


@dataclass
class K8sEnvironment:
    variables: dict[str, str]
    from_secrets: dict[str, tuple[str, str]]  # variable -> (Secret, key)
    literal: set[str]  # variables given as a literal value (after $(…) expansion, with no secret in it)
    composition: set[str]  # variables only used inside other variables' $(…)


def k8s_environment(rendering: Rendering, deployment: dict[str, Any], process: Process) -> K8sEnvironment:
    """The container's environment as the kubelet builds it: envFrom ConfigMaps, then env in order,
    $(VAR) expanded from what is defined before; Secret values replaced by placeholders."""
    spec = container(deployment)
    variables: dict[str, str] = {}
    from_secrets: dict[str, tuple[str, str]] = {}
    literal: set[str] = set()
    composition: set[str] = set()
    for source in spec.get("envFrom", []):
        variables |= rendering.configmap_data(source["configMapRef"]["name"])
        literal |= set(rendering.configmap_data(source["configMapRef"]["name"]))
    for item in spec.get("env", []):
        name = item["name"]
        if "value" in item:
            references = set(re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", item["value"]))
            composition |= references
            variables[name] = re.sub(
                r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                lambda m: variables.get(m.group(1), m.group(0)),
                item["value"],
            )
            if references & set(from_secrets):
                from_secrets[name] = ("$(…)", ",".join(sorted(references & set(from_secrets))))
            else:
                literal.add(name)
            continue
        source = item["valueFrom"]
        if "secretKeyRef" in source:
            reference = source["secretKeyRef"]
            from_secrets[name] = (reference["name"], reference["key"])
            variables[name] = (
                role_of_secret(rendering, reference["name"])
                if reference["key"] == "username"
                else placeholder_secret(name, process)
            )
        elif "configMapKeyRef" in source:
            reference = source["configMapKeyRef"]
            variables[name] = rendering.configmap_data(reference["name"])[reference["key"]]
        elif "fieldRef" in source:
            variables[name] = f"{process.name}-5d8f7c9b4-x2x7q"  # what metadata.name looks like
        else:
            raise AssertionError(f"{process.name}: {name} comes from {source}")
    return K8sEnvironment(variables, from_secrets, literal, composition)


def role_of_secret(rendering: Rendering, secret: str) -> str:
    """The PostgreSQL role whose password is in `secret` (CloudNativePG managed roles)."""
    for cluster in rendering.of_kind("Cluster"):
        for role in cluster["spec"].get("managed", {}).get("roles", []):
            if role.get("passwordSecret", {}).get("name") == secret:
                return str(role["name"])
    return "unknown-role"


@pytest.fixture(scope="session")
def k8s_views(rendered: Rendering) -> dict[str, tuple[ProcessView, K8sEnvironment]]:
    views = {}
    for process in processes():
        deployment = rendered.named("Deployment", process.name)
        env = k8s_environment(rendered, deployment, process)
        views[process.name] = (view_of(process, env.variables), env)
    return views


def test_the_base_renders_and_its_builtin_kinds_decode_strictly(
    tools: dict[str, str], rendered: Rendering, tmp_path: Path
) -> None:
    output = tmp_path / "rendered.yaml"
    output.write_text(rendered.text)
    report = run_json(tools["manifest-check"], "k8s", str(output))
    assert report["errors"] == []
    custom = {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster", "Database"}
    unchecked = {entry.split()[1].split("/")[0] for entry in report["unchecked"]}
    checked = {entry.split()[1].split("/")[0] for entry in report["checked"]}
    # Custom resources have no schema offline (see the module docstring); every other kind is checked.
    assert unchecked <= custom
    assert {doc["kind"] for doc in rendered.documents} - custom <= checked
    assert not rendered.of_kind("Secret"), "Secrets are referenced, never part of the base"


@pytest.mark.parametrize("process", processes(), ids=lambda p: p.name)
def test_each_process_has_a_deployment_started_as_locally(rendered: Rendering, process: Process) -> None:
    deployment = rendered.named("Deployment", process.name)
    app = container(deployment)
    assert app["command"] == expected_command(process)
    ports = {port["name"]: port["containerPort"] for port in app["ports"]}
    assert ports == {"http": process.port, "admin": process.admin_port}
    template = deployment["spec"]["template"]
    assert template["metadata"]["annotations"]["prometheus.io/port"] == str(process.admin_port)
    images = {container(doc)["image"] for doc in rendered.of_kind("Deployment")}
    assert len(images) == 1, f"one image for every process, not {images}"


@pytest.mark.parametrize("process", processes(), ids=lambda p: p.name)
def test_each_deployment_has_probes_resources_and_a_hardened_context(
    rendered: Rendering, process: Process
) -> None:
    deployment = rendered.named("Deployment", process.name)
    pod = deployment["spec"]["template"]["spec"]
    app = container(deployment)
    assert app["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}
    assert app["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert app["startupProbe"]["httpGet"]["path"] == "/health"
    for kind in ("requests", "limits"):
        assert set(app["resources"][kind]) >= {"cpu", "memory"}, f"{kind} of cpu and memory"
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert app["securityContext"]["readOnlyRootFilesystem"] is True
    assert app["securityContext"]["allowPrivilegeEscalation"] is False
    assert app["securityContext"]["capabilities"]["drop"] == ["ALL"]
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    tmp = [mount for mount in app["volumeMounts"] if mount["mountPath"] == "/tmp"]
    assert tmp and "emptyDir" in volumes[tmp[0]["name"]], "/tmp is the writable place"
    graceful = int(app["command"][app["command"].index("--timeout-graceful-shutdown") + 1])
    assert pod["terminationGracePeriodSeconds"] > graceful + 5, "preStop pause + graceful shutdown fit"
    assert pod["automountServiceAccountToken"] is False


@pytest.mark.parametrize("process", processes(), ids=lambda p: p.name)
def test_each_process_has_a_service_a_disruption_budget_and_an_autoscaler(
    rendered: Rendering, process: Process
) -> None:
    deployment = rendered.named("Deployment", process.name)
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    service = rendered.named("Service", process.name)
    assert matches(service["spec"]["selector"], labels)
    assert {(port["port"], port["targetPort"]) for port in service["spec"]["ports"]} == {
        (process.port, "http")
    }
    budgets = [
        pdb for pdb in rendered.of_kind("PodDisruptionBudget") if selects(pdb["spec"]["selector"], labels)
    ]
    assert len(budgets) == 1
    scalers = [
        hpa
        for hpa in rendered.of_kind("HorizontalPodAutoscaler")
        if hpa["spec"]["scaleTargetRef"]
        == {"apiVersion": "apps/v1", "kind": "Deployment", "name": process.name}
    ]
    assert len(scalers) == 1
    assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
    assert scalers[0]["spec"]["minReplicas"] >= 2
    # A voluntary disruption (node drain) never takes every replica at once.
    budget = budgets[0]["spec"]
    if "maxUnavailable" in budget:
        assert budget["maxUnavailable"] < scalers[0]["spec"]["minReplicas"]
    else:
        assert budget["minAvailable"] >= 1


@pytest.mark.parametrize("process", processes(), ids=lambda p: p.name)
def test_every_setting_a_process_reads_is_provided_for_production(
    k8s_views: dict[str, tuple[ProcessView, K8sEnvironment]], process: Process
) -> None:
    view, env = k8s_views[process.name]
    assert unknown_variables(process, env.variables, env.composition) == set()
    assert check_settings(view, production=True) == []
    assert startup_problems(view) == []


@pytest.mark.parametrize("process", processes(), ids=lambda p: p.name)
def test_secrets_come_from_secrets_and_files_from_mounted_volumes(
    rendered: Rendering, k8s_views: dict[str, tuple[ProcessView, K8sEnvironment]], process: Process
) -> None:
    view, env = k8s_views[process.name]
    for field in secret_fields(type(view.settings)):
        variable = field_variable(process, field)
        if variable in env.variables and not env.variables[variable].startswith("/"):
            assert variable in env.from_secrets, f"{variable} is a secret: a secretKeyRef, not a value"
    password = urlsplit(view.database_url).password
    assert password and password not in {env.variables[v] for v in env.literal}, (
        "the database password is a Secret's"
    )
    deployment = rendered.named("Deployment", process.name)
    mounts = mounted_files(deployment)
    for variable, value in env.variables.items():
        if value.startswith("/"):
            assert any(value == path or value.startswith(f"{path}/") for path in mounts), (
                f"{variable}={value}: no such file mounted from a Secret"
            )


def mounted_files(deployment: dict[str, Any]) -> set[str]:
    """Paths a Secret volume puts in the container: each item's file, or the mount point when whole."""
    pod = deployment["spec"]["template"]["spec"]
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    paths = set()
    for mount in container(deployment)["volumeMounts"]:
        secret = volumes[mount["name"]].get("secret")
        if secret is None:
            continue
        items = secret.get("items")
        if items:
            paths |= {f"{mount['mountPath']}/{item['path']}" for item in items}
        else:
            paths.add(mount["mountPath"])
    return paths


def referenced_secrets(rendering: Rendering) -> set[str]:
    names = set()
    for deployment in rendering.of_kind("Deployment"):
        for item in container(deployment).get("env", []):
            reference = item.get("valueFrom", {}).get("secretKeyRef")
            if reference:
                names.add(reference["name"])
        for volume in deployment["spec"]["template"]["spec"]["volumes"]:
            if "secret" in volume:
                names.add(volume["secret"]["secretName"])
    for cluster in rendering.of_kind("Cluster"):
        names |= {
            role["passwordSecret"]["name"] for role in cluster["spec"].get("managed", {}).get("roles", [])
        }
    return names


def test_every_referenced_secret_is_documented_or_made_by_an_operator(rendered: Rendering) -> None:
    readme = (K8S / "README.md").read_text()
    table = readme.split("## Secrets to create", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", table, re.M))
    kafka = rendered.of_kind("Kafka")[0]["metadata"]["name"]
    generated = {f"{kafka}-cluster-ca-cert"} | {
        user["metadata"]["name"] for user in rendered.of_kind("KafkaUser")
    }
    generated |= {f"{cluster['metadata']['name']}-ca" for cluster in rendered.of_kind("Cluster")}
    referenced = referenced_secrets(rendered)
    assert referenced - documented - generated == set(), "referenced, yet neither documented nor generated"
    assert documented - referenced == set(), "documented, yet referenced by nothing"


# --- Kafka (Strimzi) -------------------------------------------------------------------------------


def topic_namespace(rendering: Rendering) -> str:
    return rendering.configmap_data(shared_configmap(rendering))["DENTALINK_TOPIC_NAMESPACE"]


def shared_configmap(rendering: Rendering) -> str:
    names = {
        source["configMapRef"]["name"]
        for deployment in rendering.of_kind("Deployment")
        for source in container(deployment).get("envFrom", [])
    }
    assert len(names) == 1
    return str(names.pop())


def contract_topics() -> set[str]:
    from_events = {event.topic for event in ALL_EVENTS}
    asyncapi = yaml.safe_load((ROOT / "contracts/asyncapi.yaml").read_text())
    from_document = {channel["address"] for channel in asyncapi["channels"].values()}
    assert from_events == from_document, "the events and the AsyncAPI document disagree"
    return from_events


def test_the_kafka_cluster_has_three_kraft_nodes_and_durable_defaults(rendered: Rendering) -> None:
    (kafka,) = rendered.of_kind("Kafka")
    name = kafka["metadata"]["name"]
    assert kafka["apiVersion"] == "kafka.strimzi.io/v1"
    pools = [
        pool
        for pool in rendered.of_kind("KafkaNodePool")
        if pool["metadata"]["labels"]["strimzi.io/cluster"] == name
    ]
    brokers = sum(pool["spec"]["replicas"] for pool in pools if "broker" in pool["spec"]["roles"])
    controllers = sum(pool["spec"]["replicas"] for pool in pools if "controller" in pool["spec"]["roles"])
    assert brokers >= 3
    assert controllers >= 3 and controllers % 2 == 1
    config = kafka["spec"]["kafka"]["config"]
    assert config["min.insync.replicas"] == 2
    assert config["default.replication.factor"] == 3
    assert config["auto.create.topics.enable"] is False
    (listener,) = kafka["spec"]["kafka"]["listeners"]
    assert listener["tls"] is True
    assert listener["authentication"]["type"] == "scram-sha-512"
    metrics = kafka["spec"]["kafka"]["metricsConfig"]["valueFrom"]["configMapKeyRef"]
    rules = rendered.configmap_data(metrics["name"])[metrics["key"]]
    assert rules == (ROOT / "deploy/local/kafka/jmx-exporter.yaml").read_text(), (
        "deploy/k8s/kafka/kafka-metrics-config.yml is a copy of deploy/local/kafka/jmx-exporter.yaml"
    )


def test_every_topic_of_the_contracts_and_its_dead_letters_has_a_kafka_topic(
    rendered: Rendering, k8s_views: dict[str, tuple[ProcessView, K8sEnvironment]]
) -> None:
    namespace = topic_namespace(rendered)
    consumed = {
        sub.event.topic
        for view, _ in k8s_views.values()
        for subs in view.spec.consumers.values()
        for sub in subs
    }
    wanted = {
        namespaced(topic, namespace) for topic in contract_topics() | {dead_letter_topic(t) for t in consumed}
    }
    (kafka,) = rendered.of_kind("Kafka")
    topics = {doc["spec"]["topicName"]: doc for doc in rendered.of_kind("KafkaTopic")}
    assert set(topics) == wanted
    for name, topic in topics.items():
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"], name
        assert topic["spec"]["partitions"] >= 6, name
        assert topic["spec"]["replicas"] == 3, name
        assert int(topic["spec"]["config"]["min.insync.replicas"]) == 2, name


def test_each_consumer_can_use_all_its_partitions_and_no_more(
    rendered: Rendering, k8s_views: dict[str, tuple[ProcessView, K8sEnvironment]]
) -> None:
    namespace = topic_namespace(rendered)
    partitions = {
        doc["spec"]["topicName"]: doc["spec"]["partitions"] for doc in rendered.of_kind("KafkaTopic")
    }
    for name, (view, _) in k8s_views.items():
        consumed = {sub.event.topic for subs in view.spec.consumers.values() for sub in subs}
        if consumed:
            hpa = rendered.named("HorizontalPodAutoscaler", name)
            fewest = min(partitions[namespaced(topic, namespace)] for topic in consumed)
            assert hpa["spec"]["maxReplicas"] <= fewest, (
                f"{name}: replicas past {fewest} partitions would idle"
            )


def test_each_service_has_a_kafka_user_with_exactly_the_acls_its_spec_needs(
    rendered: Rendering, k8s_views: dict[str, tuple[ProcessView, K8sEnvironment]]
) -> None:
    namespace = topic_namespace(rendered)
    users = {user["metadata"]["name"]: user for user in rendered.of_kind("KafkaUser")}
    for name, (view, env) in k8s_views.items():
        if not view.spec.messaging:
            assert name not in users
            assert not any(
                "KAFKA" in variable and variable.startswith(prefix(view.process))
                for variable in env.variables
            )
            continue
        settings = view.settings
        (kafka,) = rendered.of_kind("Kafka")
        (listener,) = kafka["spec"]["kafka"]["listeners"]
        bootstrap = f"{kafka['metadata']['name']}-kafka-bootstrap:{listener['port']}"
        assert view.kafka == bootstrap, f"{name}: the listener's bootstrap Service"
        assert settings.kafka_sasl_mechanism.lower() == listener["authentication"]["type"]
        assert settings.kafka_sasl_username in users, f"{name}: no KafkaUser {settings.kafka_sasl_username}"
        password = env.from_secrets[field_variable(view.process, "kafka_sasl_password")]
        assert password == (settings.kafka_sasl_username, "password"), "Strimzi's Secret of that user"
        user = users[settings.kafka_sasl_username]
        assert user["spec"]["authentication"]["type"] == "scram-sha-512"
        granted: dict[tuple[str, str], set[str]] = {}
        for acl in user["spec"]["authorization"]["acls"]:
            assert acl["resource"].get("patternType", "literal") == "literal", (
                f"{name}: no prefix or wildcard"
            )
            granted.setdefault((acl["resource"]["type"], acl["resource"]["name"]), set()).update(
                acl["operations"]
            )
        needed: dict[tuple[str, str], set[str]] = {}
        for topic in view.spec.produces:
            needed.setdefault(("topic", namespaced(topic, namespace)), set()).add("Write")
        for group, subscriptions in view.spec.consumers.items():
            needed.setdefault(("group", namespaced(group, namespace)), set()).add("Read")
            for subscription in subscriptions:
                topic = subscription.event.topic
                needed.setdefault(("topic", namespaced(topic, namespace)), set()).add("Read")
                needed.setdefault(("topic", namespaced(dead_letter_topic(topic), namespace)), set()).add(
                    "Write"
                )
        assert set(granted) == set(needed), f"{name}: ACLs on {set(granted) ^ set(needed)}"
        for resource, operations in needed.items():
            # Describe comes with Read and Write (metadata); nothing else is granted.
            assert operations <= granted[resource] <= operations | {"Describe"}, f"{name}: {resource}"


# --- PostgreSQL (CloudNativePG) --------------------------------------------------------------------


def test_each_process_has_its_database_and_role_on_a_highly_available_cluster(
    rendered: Rendering, k8s_views: dict[str, tuple[ProcessView, K8sEnvironment]]
) -> None:
    (cluster,) = rendered.of_kind("Cluster")
    name = cluster["metadata"]["name"]
    assert cluster["spec"]["instances"] >= 3
    roles = {role["name"]: role for role in cluster["spec"]["managed"]["roles"]}
    databases = {db["spec"]["name"]: db for db in rendered.of_kind("Database")}
    for process_name, (view, env) in k8s_views.items():
        url = urlsplit(view.database_url)
        assert url.hostname == f"{name}-rw", f"{process_name}: the primary's Service"
        assert "ssl=verify-full" in url.query
        database = databases[view.settings.database_name]
        assert database["spec"]["cluster"]["name"] == name
        role = roles[database["spec"]["owner"]]
        assert url.username == role["name"] and role["login"] is True
        secret = env.from_secrets["DB_PASSWORD"][0]
        assert role["passwordSecret"]["name"] == secret


# --- Network policies ------------------------------------------------------------------------------


def matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def selects(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    if selector is None:
        return False
    if not matches(selector.get("matchLabels", {}), labels):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        present = key in labels
        if (operator == "Exists" and not present) or (operator == "DoesNotExist" and present):
            return False
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and labels.get(key) in values:
            return False
    return True


@dataclass(frozen=True)
class Pod:
    namespace: str
    labels: tuple[tuple[str, str], ...]
    ports: tuple[tuple[str, int], ...] = ()
    ip: str = "10.1.2.3"

    @property
    def label_map(self) -> dict[str, str]:
        return dict(self.labels)

    def port_number(self, port: int | str) -> int | None:
        return port if isinstance(port, int) else dict(self.ports).get(port)


HERE = "dentalink"


def pod(
    namespace: str, labels: dict[str, str], ports: dict[str, int] | None = None, ip: str = "10.1.2.3"
) -> Pod:
    return Pod(namespace, tuple(sorted(labels.items())), tuple(sorted((ports or {}).items())), ip)


def peer_matches(peer: dict[str, Any], other: Pod, policy_namespace: str) -> bool:
    if "ipBlock" in peer:
        network = ipaddress.ip_network(peer["ipBlock"]["cidr"])
        address = ipaddress.ip_address(other.ip)
        excluded = any(address in ipaddress.ip_network(cidr) for cidr in peer["ipBlock"].get("except", []))
        return address in network and not excluded
    namespace_labels = {"kubernetes.io/metadata.name": other.namespace}
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], namespace_labels):
            return False
    elif other.namespace != policy_namespace:
        return False
    return "podSelector" not in peer or selects(peer["podSelector"], other.label_map)


def port_matches(rule_ports: list[dict[str, Any]] | None, target: Pod, port: int) -> bool:
    if not rule_ports:
        return True
    return any(
        target.port_number(item["port"]) == port
        for item in rule_ports
        if item.get("protocol", "TCP") == "TCP"
    )


def allowed(policies: list[dict[str, Any]], source: Pod, target: Pod, port: int) -> bool:
    """Whether NetworkPolicies (all in the Dentalink namespace) let `source` open `port` on `target`."""

    def side(direction: str, subject: Pod, other: Pod) -> bool:
        kind = "Egress" if direction == "egress" else "Ingress"
        applying = [
            policy
            for policy in policies
            if subject.namespace == HERE
            and kind in policy["spec"].get("policyTypes", ["Ingress"])
            and selects(policy["spec"]["podSelector"], subject.label_map)
        ]
        if not applying:
            return True
        peers_key = "to" if direction == "egress" else "from"
        return any(
            (not rule.get(peers_key) or any(peer_matches(peer, other, HERE) for peer in rule[peers_key]))
            and port_matches(rule.get("ports"), target, port)
            for policy in applying
            for rule in policy["spec"].get(direction, [])
        )

    return side("egress", source, target) and side("ingress", target, source)


def test_network_policies_allow_only_the_documented_paths(
    rendered: Rendering, k8s_views: dict[str, tuple[ProcessView, K8sEnvironment]]
) -> None:
    policies = rendered.of_kind("NetworkPolicy")
    pods = {}
    for process in processes():
        labels = rendered.named("Deployment", process.name)["spec"]["template"]["metadata"]["labels"]
        pods[process.name] = pod(HERE, labels, {"http": process.port, "admin": process.admin_port})
    (kafka,) = rendered.of_kind("Kafka")
    (cluster,) = rendered.of_kind("Cluster")
    broker = pod(
        HERE, {"strimzi.io/cluster": kafka["metadata"]["name"], "strimzi.io/kind": "Kafka"}, {"tls": 9093}
    )
    postgres = pod(HERE, {"cnpg.io/cluster": cluster["metadata"]["name"]}, {"postgresql": 5432})
    edge = pod("ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"})
    prometheus = pod("monitoring", {"app.kubernetes.io/name": "prometheus"})
    stranger = pod(HERE, {"app": "something-else"})
    internet = pod("", {}, ip="203.0.113.7")
    gateway = pods["gateway"]
    services = [pods[p.name] for p in processes() if p.name != "gateway"]

    assert allowed(policies, edge, gateway, 8000)
    assert not allowed(policies, stranger, gateway, 8000)
    assert not allowed(policies, edge, gateway, 9000), "metrics stay internal"
    for process in processes():
        target = pods[process.name]
        assert allowed(policies, prometheus, target, process.admin_port)
        assert not allowed(policies, prometheus, target, process.port)
        assert allowed(policies, target, postgres, 5432), f"{process.name} -> PostgreSQL"
        view, _ = k8s_views[process.name]
        assert allowed(policies, target, broker, 9093) == view.spec.messaging, f"{process.name} -> Kafka"
        if process.name == "gateway":
            continue
        assert allowed(policies, gateway, target, process.port), f"gateway -> {process.name}"
        assert not allowed(policies, edge, target, process.port)
        assert not allowed(policies, stranger, target, process.port)
        for other in services:
            assert not allowed(policies, other, target, process.port), f"a service calling {process.name}"
        # webhook-service alone POSTs to the vendors' endpoints, on the internet (never a private range).
        reaches_vendors = process.name == "webhook-service"
        assert allowed(policies, target, internet, 443) == reaches_vendors, f"{process.name} -> the internet"
        assert not allowed(policies, target, pod("", {}, ip="10.9.8.7"), 443), f"{process.name} -> 10/8"
    assert allowed(policies, gateway, internet, 443), "Pro Santé Connect's JWKS"
    assert allowed(policies, gateway, pod("kube-system", {"k8s-app": "kube-dns"}), 53)
    assert not allowed(policies, stranger, postgres, 5432)
    peers = kafka["spec"]["kafka"]["listeners"][0]["networkPolicyPeers"]
    for process in processes():
        view, _ = k8s_views[process.name]
        labels = pods[process.name].label_map
        assert any(selects(peer["podSelector"], labels) for peer in peers) == view.spec.messaging


def test_the_prometheus_operator_component_scrapes_every_admin_port_as_its_job(
    tools: dict[str, str], tmp_path: Path
) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "resources": [os.path.relpath(K8S, overlay)],
                "components": [os.path.relpath(K8S / "components/prometheus-operator", overlay)],
            }
        )
    )
    rendering = kustomize_build(tools, overlay)
    (monitor,) = rendering.of_kind("PodMonitor")
    assert monitor["spec"]["jobLabel"] == "app.kubernetes.io/name"
    assert [endpoint["port"] for endpoint in monitor["spec"]["podMetricsEndpoints"]] == ["admin"]
    for process in processes():
        labels = rendering.named("Deployment", process.name)["spec"]["template"]["metadata"]["labels"]
        assert selects(monitor["spec"]["selector"], labels)
        assert labels["app.kubernetes.io/name"] == process.name, "the job label the alert rules select on"


# --- Compose --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def compose_env_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """deploy/compose/.env as a user fills it from .env.example: every key, valid values."""
    example = dotenv((COMPOSE / ".env.example").read_text())
    filled = {
        key: new_field_key_spec("compose-test") if "FIELD_KEYS" in key else "0123456789abcdef" * 3
        for key in example
    }
    path = tmp_path_factory.mktemp("compose") / ".env"
    path.write_text("".join(f"{key}={value}\n" for key, value in filled.items()))
    return path


def dotenv(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@pytest.fixture(scope="session")
def compose(tools: dict[str, str], compose_env_file: Path) -> dict[str, Any]:
    project: dict[str, Any] = run_json(
        tools["manifest-check"], "compose", str(COMPOSE / "compose.yaml"), str(compose_env_file)
    )["project"]
    return project


def compose_processes(compose: dict[str, Any], process: Process) -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in compose["services"].items()
        if (service.get("command") or [])[:3]
        == ["uvicorn", "--factory", f"{process.module}:{process.factory}"]
    }


def our_image(compose: dict[str, Any]) -> str:
    images = {
        service["image"]
        for service in compose["services"].values()
        if service.get("build", {}).get("context") == str(ROOT)
    }
    assert len(images) == 1, f"one image built from the repository root, not {images}"
    return str(images.pop())


@pytest.mark.parametrize("process", processes(), ids=lambda p: p.name)
def test_compose_runs_each_process_as_locally_hardened_and_configured(
    compose: dict[str, Any], process: Process
) -> None:
    services = compose_processes(compose, process)
    assert services, f"no compose service runs {process.name}"
    for name, service in services.items():
        assert service["command"] == expected_command(process), name
        assert service["image"] == our_image(compose)
        assert service.get("read_only") is True, f"{name}: read-only root filesystem"
        assert "/tmp" in service.get("tmpfs", []), name
        assert service.get("user") in (None, ""), f"{name}: the image's non-root user"
        assert service.get("cap_drop") == ["ALL"], name
        assert f"{process.port}/ready" in " ".join(service["healthcheck"]["test"]), name
        variables = {key: value for key, value in service["environment"].items() if value is not None}
        composition: set[str] = set()
        assert unknown_variables(process, variables, composition) == set(), name
        view = view_of(process, variables)
        assert check_settings(view, production=False) == [], name
        assert startup_problems(view) == [], name


def test_compose_runs_two_gateways_behind_the_edge(compose: dict[str, Any]) -> None:
    (gateway,) = [process for process in processes() if process.name == "gateway"]
    gateways = compose_processes(compose, gateway)
    assert len(gateways) >= 2
    instances = {service["environment"]["GATEWAY_INSTANCE"] for service in gateways.values()}
    assert len(instances) == len(gateways), "one GATEWAY_INSTANCE per gateway"
    nginx = (COMPOSE / "nginx.conf").read_text()
    upstream = set(re.findall(r"^\s*server ([a-z0-9-]+):(\d+)", nginx, re.M))
    assert upstream == {(name, str(gateway.port)) for name in gateways}
    assert not any(service.get("ports") for service in gateways.values()), "only the edge is published"


def test_compose_secrets_are_references_to_a_file_that_is_not_committed(compose: dict[str, Any]) -> None:
    raw = yaml.safe_load((COMPOSE / "compose.yaml").read_text())
    example = dotenv((COMPOSE / ".env.example").read_text())
    referenced = set(
        re.findall(r"\$\{([A-Z_][A-Z0-9_]*)(?::?\?[^}]*)?\}", (COMPOSE / "compose.yaml").read_text())
    )
    referenced |= {
        secret["environment"] for secret in raw.get("secrets", {}).values() if "environment" in secret
    }
    defaults = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*):?-", (COMPOSE / "compose.yaml").read_text()))
    assert referenced - defaults <= set(example), "every secret compose reads is in .env.example"
    assert set(example) <= referenced, ".env.example holds nothing compose does not read"
    assert all(value == "CHANGE_ME" for value in example.values()), "placeholders only"
    ignored = subprocess.run(["git", "check-ignore", "-q", str(COMPOSE / ".env")], cwd=ROOT, check=False)
    assert ignored.returncode == 0, "deploy/compose/.env is git-ignored"
    for process in processes():
        secrets = {field_variable(process, field) for field in secret_fields(settings_class(process))}
        secrets |= {field_variable(process, "database_url"), "DATABASE_URL", FIELD_KEYS_VARIABLE}
        for name, service in compose_processes(compose, process).items():
            mounted = [volume["target"] for volume in service.get("volumes", [])]
            for variable in secrets:
                value = str(raw["services"][name].get("environment", {}).get(variable, ""))
                if value.startswith("/"):
                    assert any(value.startswith(f"{target}/") for target in mounted), f"{name}: {value}"
                else:
                    assert value == "" or "${" in value, f"{name}: {variable} is given in clear"
    assert parse_field_keys(new_field_key_spec("compose-test")).kids == ("compose-test",)


def test_compose_kafka_is_a_kraft_quorum_of_three_durable_brokers(compose: dict[str, Any]) -> None:
    brokers = {
        name: service
        for name, service in compose["services"].items()
        if service["image"].startswith("apache/kafka:")
    }
    assert len(brokers) == 3
    pom = (ROOT / "deploy/local/kafka/pom.xml").read_text()
    version = re.search(r"<kafka.version>([^<]+)</kafka.version>", pom)
    assert version
    ids = set()
    for name, broker in brokers.items():
        env = broker["environment"]
        assert broker["image"] == f"apache/kafka:{version.group(1)}", "the version deploy/local runs"
        assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
        voters = dict(voter.split("@") for voter in env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(","))
        assert set(voters.values()) == {f"{broker_name}:9093" for broker_name in brokers}
        assert voters[env["KAFKA_NODE_ID"]] == f"{name}:9093"
        ids.add(env["KAFKA_NODE_ID"])
        assert env["KAFKA_ADVERTISED_LISTENERS"] == f"PLAINTEXT://{name}:9092"
        assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
        assert int(env["KAFKA_MIN_INSYNC_REPLICAS"]) == 2
        assert int(env["KAFKA_DEFAULT_REPLICATION_FACTOR"]) == 3
        assert int(env["KAFKA_NUM_PARTITIONS"]) >= 6
        sources = {volume.get("source", "") for volume in broker["volumes"]}
        assert str(ROOT / "deploy/local/kafka/jmx-exporter.yaml") in sources, "the local agent's rules"
        assert "-javaagent:" in env["KAFKA_OPTS"]
    assert len(ids) == 3
    for process in processes():
        for service in compose_processes(compose, process).values():
            servers = service["environment"].get("KAFKA_BOOTSTRAP_SERVERS")
            if servers:
                assert {host_of(server) for server in servers.split(",")} == set(brokers)


def test_compose_postgres_creates_the_database_of_every_process(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    created = set(postgres["environment"]["DENTALINK_DATABASES"].split())
    assert {settings_class(process)().database_name for process in processes()} <= created
    init = [
        volume
        for volume in postgres["volumes"]
        if volume["target"].startswith("/docker-entrypoint-initdb.d/")
    ]
    assert init and Path(init[0]["source"]).exists()
    assert os.access(init[0]["source"], os.X_OK)


def test_compose_prometheus_scrapes_every_admin_port_with_the_rules(
    compose: dict[str, Any], promtool: str
) -> None:
    prometheus = compose["services"]["prometheus"]
    mounts = {volume["target"]: volume["source"] for volume in prometheus["volumes"]}
    config_path = Path(mounts["/etc/prometheus/prometheus.yml"])
    config = yaml.safe_load(config_path.read_text())
    (rule_glob,) = config["rule_files"]
    rules_dir = Path(rule_glob).parent
    assert Path(mounts[str(rules_dir)]) == ROOT / "deploy/prometheus/rules"
    jobs = {
        job["job_name"]: {t for c in job["static_configs"] for t in c["targets"]}
        for job in config["scrape_configs"]
    }
    for process in processes():
        instances = compose_processes(compose, process)
        assert jobs[process.name] == {f"{name}:{process.admin_port}" for name in instances}, process.name
    brokers = [
        name for name, service in compose["services"].items() if service["image"].startswith("apache/kafka:")
    ]
    assert jobs["kafka"] == {f"{name}:9404" for name in brokers}
    for job in ("postgres", "prometheus", "jaeger"):
        assert jobs[job], f"the {job} job the alert rules expect"
    checked = subprocess.run(
        [promtool, "check", "config", "--syntax-only", str(config_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_compose_grafana_and_jaeger_are_where_the_provisioning_expects(compose: dict[str, Any]) -> None:
    grafana = compose["services"]["grafana"]
    mounts = {volume["target"]: volume.get("source") for volume in grafana["volumes"]}
    readme = (ROOT / "deploy/grafana/README.md").read_text()
    table = re.findall(r"^\| `(/[^`]+)` \| `([^`]+)`", readme, re.M)
    assert table
    for target, source in table:
        assert mounts[target] == str(ROOT / "deploy/grafana" / source), target
    version = re.search(r"Grafana (\d+\.\d+)", readme)
    assert version and grafana["image"].startswith(f"grafana/grafana:{version.group(1)}.")
    datasources = yaml.safe_load(
        (ROOT / "deploy/grafana/provisioning/datasources/datasources.yml").read_text()
    )
    for source in datasources["datasources"]:
        assert host_of(source["url"]) in compose["services"], source["url"]
    jaeger = yaml.safe_load((COMPOSE / "jaeger.yaml").read_text())
    otlp = jaeger["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    for process in processes():
        for service in compose_processes(compose, process).values():
            endpoint = service["environment"]["OTEL_EXPORTER_OTLP_ENDPOINT"]
            assert host_of(endpoint) == "jaeger" and endpoint.endswith(f":{otlp.rsplit(':', 1)[1]}")


# --- The image --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def dockerfile(tools: dict[str, str]) -> dict[str, Any]:
    report: dict[str, Any] = run_json(tools["manifest-check"], "dockerfile", str(ROOT / "Dockerfile"))
    return report


def test_the_dockerfile_converts_cleanly_to_a_non_root_image(dockerfile: dict[str, Any]) -> None:
    assert dockerfile.get("error") is None
    assert dockerfile["warnings"] == [], "docker build --check finds nothing"
    config = dockerfile["image"]["config"]
    user = config["User"].split(":")[0]
    assert user.isdigit() and int(user) != 0, "a numeric non-root user (runAsNonRoot can verify it)"
    assert config["Cmd"][:2] == ["uvicorn", "--factory"]
    assert "PYTHONDONTWRITEBYTECODE=1" in config["Env"], "nothing written next to the code"
    bases = set(dockerfile["base_images"])
    assert len(bases) == 1 and re.search(r"python:3\.11[.\d]*-slim", bases.pop()), "one slim Python 3.11 base"
    text = (ROOT / "Dockerfile").read_text()
    pinned = re.search(r"^ARG UV_VERSION=([\d.]+)$", text, re.M)
    assert pinned and 'pip install "uv==${UV_VERSION}"' in text, "uv from PyPI, pinned"
    assert "uv sync --locked --no-dev" in text


def workspace_members() -> set[str]:
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())
    members = set()
    for pattern in root["tool"]["uv"]["workspace"]["members"]:
        members |= {str(path.parent.relative_to(ROOT)) for path in ROOT.glob(f"{pattern}/pyproject.toml")}
    return members


def test_the_build_context_holds_what_the_dockerfile_copies_and_nothing_else(
    tools: dict[str, str], tmp_path: Path
) -> None:
    files = set(run_json(tools["manifest-check"], "context", str(ROOT)))
    members = workspace_members()
    text = (ROOT / "Dockerfile").read_text()
    instructions = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    before_sync = instructions.split("uv sync", 1)[0]
    for member in members:
        assert f"{member}/pyproject.toml" in files
        assert f"COPY {member}/pyproject.toml" in before_sync, (
            f"{member}'s pyproject before the first uv sync"
        )
        assert any(path.startswith(f"{member}/src/") for path in files), member
    for process in processes():
        member = next(m for m in members if (ROOT / m / "src" / process.package).is_dir())
        assert any(path.startswith(f"{member}/migrations/") for path in files), f"{process.name}'s migrations"
    assert {"pyproject.toml", "uv.lock"} <= files
    forbidden = (".venv/", ".cache/", ".run/", ".git/", "tests/", "deploy/", ".env")
    assert not [
        path for path in files if path.startswith(forbidden) or "/tests/" in path or path.endswith(".env")
    ]
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", text, re.M):
        for item in source.split():
            assert any(path == item or path.startswith(item.rstrip("/") + "/") for path in files), (
                f"COPY {item}"
            )
    # uv refuses the build (`--locked`) if the lock does not match the context's workspace.
    uv = shutil.which("uv") or str(ROOT / ".cache/uv-bin/bin/uv")
    for path in files:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, tmp_path / path)
    checked = subprocess.run(
        [uv, "lock", "--locked", "--offline", "--directory", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
