"""No input reaches a database unvalidated (issue 12): every text field of every service, fed
generated strings, is answered without a 5xx, and a control character is a 422 naming the field.

For each of the six services, the app runs in-process on a fresh database (servicekit.testing) and
its own OpenAPI document is walked, so a new route or field is covered without touching this file:

- a *slot* is a string of an operation's JSON request body (nested objects and the first list item
  included) or a string query parameter;
- each operation gets a valid-looking request: the model's example (or values built from the
  schema; optional fields the service refuses in it are dropped), the first role its role check
  lets through, and path ids of what the service was prepared with (a qualified DMP patient, an
  identity, a tele-expertise request) or placeholders (404s are fine);
- every slot in turn receives a NUL, an ESC and a C1 control inside its value: the answer must be
  422 naming the slot;
- every date and date-time slot receives the ends of the calendar: never a 5xx;
- hypothesis then puts generated strings (control characters included) into random slots: never
  a 5xx, and a string holding a character no text field accepts is a 422 naming the slot.

The app's event loop runs in a thread of its own so hypothesis (synchronous) can drive it.
"""

import asyncio
import concurrent.futures
import contextlib
import copy
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing_service.main import build as build_billing
from billing_service.settings import Settings as BillingSettings
from dentalink_contracts.values import Ins, Role
from dmp_service.main import build as build_dmp
from dmp_service.settings import Settings as DmpSettings
from ins_service.main import build as build_ins
from ins_service.settings import Settings as InsSettings
from servicekit.db import Database
from servicekit.settings import ServiceSettings
from servicekit.testing import GatewayKeys, MovableClock, caller, fresh_database, running, unique_group
from servicekit.text import has_control_characters
from telemed_service.main import build as build_telemed
from telemed_service.settings import Settings as TelemedSettings
from vitale_service.main import build as build_vitale
from vitale_service.settings import Settings as VitaleSettings
from webhook_service.main import build as build_webhook
from webhook_service.settings import Settings as WebhookSettings

pytestmark = pytest.mark.integration

KEYS = GatewayKeys.generate()
PRACTICE = "cabinet-text"
# Tried in this order until the role check lets the caller through.
ROLES = [
    Role.DENTIST,
    Role.SPECIALIST,
    Role.DENTAL_ASSISTANT,
    Role.PRACTICE_ADMIN,
    Role.EHPAD_PROFESSIONAL,
    Role.AUDITOR,
]
METHODS = ("get", "post", "put", "patch", "delete")
# Characters no text field keeps, multi-line ones included (\t \n \r are text in a message body).
CONTROLS = [chr(code) for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))]
PLACEHOLDER_ID = str(uuid.UUID("00000000-0000-4000-8000-000000000000"))


async def _qualified_dmp_patient(app: FastAPI, http: httpx.AsyncClient, url: str) -> dict[str, str]:
    """A patient whose record the caller's practice reaches, so bodies get as far as the database."""
    # The service's own harness, imported here: a service whose harness breaks fails alone.
    from dmp_service import testing as dmp_testing
    from dmp_service.adapters.email import SandboxMailer
    from dmp_service.adapters.national_dmp import SandboxNationalDmp

    matricule = dmp_testing.new_matricule()
    database = Database(url)
    try:
        harness = dmp_testing.Harness(
            http=http,
            clock=MovableClock(),
            national=SandboxNationalDmp(),
            mailer=SandboxMailer(database),
            database=database,
        )
        await harness.qualify(matricule, practice=PRACTICE)
    finally:
        await database.close()
    return {"ins": matricule}


async def _telemed_request(app: FastAPI, http: httpx.AsyncClient, url: str) -> dict[str, str]:
    """The example patient of a tele-expertise request, qualified in the caller's practice, and a
    request of the caller's (its id for the routes under `/v1/tele-expertises/{expertise_id}`)."""
    from telemed_service import schemas as telemed_schemas
    from telemed_service import testing as telemed_testing

    service = telemed_testing.Service(http=http, url=url, app=app, clock=MovableClock())
    await telemed_testing.qualify(service, PRACTICE, Ins.model_validate(telemed_schemas.PATIENT_EXAMPLE))
    body = {
        "patient": telemed_schemas.PATIENT_EXAMPLE,
        "situation": "suspected_oral_cancer",
        "requis": {"rpps": "10003456789", "profession": "dentist", "specialty": "oral_medicine"},
        "reasons": "Ulcération linguale indurée.",
    }
    created = await http.post(
        "/v1/tele-expertises", json=body, headers=KEYS.headers(caller(practice_id=PRACTICE))
    )
    assert created.status_code == 201, created.text
    return {"expertise_id": created.json()["id"]}


async def _ins_identity(app: FastAPI, http: httpx.AsyncClient, url: str) -> dict[str, str]:
    """An identity of the caller's practice, for the routes under `/v1/identities/{identity_id}`."""
    body = {"birth_name": "Texte", "birth_first_names": "Paul", "birth_date": "1985-03-14", "sex": "M"}
    created = await http.post("/v1/identities", json=body, headers=KEYS.headers(caller(practice_id=PRACTICE)))
    assert created.status_code == 201, created.text
    return {"identity_id": created.json()["id"]}


def _build_webhook(settings: WebhookSettings) -> FastAPI:
    """Every target host resolves to loopback (allowed in sandbox mode), so a body gets past the
    target check to the database instead of stopping at DNS."""
    from webhook_service.testing import FixedResolver

    return build_webhook(settings, resolver=FixedResolver())


async def _webhook_endpoint(app: FastAPI, http: httpx.AsyncClient, url: str) -> dict[str, str]:
    """An endpoint of the caller's practice, for the routes under `/v1/webhook-endpoints/{endpoint_id}`."""
    body = {"url": "https://hooks.example.fr/dentalink", "event_types": ["act.billed"]}
    headers = KEYS.headers(caller(practice_id=PRACTICE, role=Role.PRACTICE_ADMIN))
    created = await http.post("/v1/webhook-endpoints", json=body, headers=headers)
    assert created.status_code == 201, created.text
    return {"endpoint_id": created.json()["id"]}


async def _nothing_to_prepare(app: FastAPI, http: httpx.AsyncClient, url: str) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class ServiceUnderTest:
    label: str
    build: Callable[[Any], FastAPI]
    settings: Callable[..., ServiceSettings]
    # What the service needs before requests reach its database; returns path placeholders to use.
    prepare: Callable[[FastAPI, httpx.AsyncClient, str], Awaitable[dict[str, str]]] = _nothing_to_prepare


SERVICES = [
    ServiceUnderTest("ins", build_ins, InsSettings, _ins_identity),
    ServiceUnderTest("vitale", build_vitale, VitaleSettings),
    ServiceUnderTest("dmp", build_dmp, DmpSettings, _qualified_dmp_patient),
    ServiceUnderTest("telemed", build_telemed, TelemedSettings, _telemed_request),
    ServiceUnderTest("billing", build_billing, BillingSettings),
    ServiceUnderTest("webhook", _build_webhook, WebhookSettings, _webhook_endpoint),
]


# ---------------------------------------------------------------- the app, in a thread of its own


class LiveService:
    """A service on a fresh database, served by an event loop running in a background thread."""

    def __init__(self, service: ServiceUnderTest) -> None:
        self.service = service
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=f"app-{service.label}", daemon=True)
        self.thread.start()
        self.stopping = asyncio.Event()
        self.ready: concurrent.futures.Future[tuple[httpx.AsyncClient, dict[str, Any], dict[str, str]]] = (
            concurrent.futures.Future()
        )
        self.served = asyncio.run_coroutine_threadsafe(self._serve(), self.loop)
        try:
            self.http, self.openapi, self.placeholders = self.ready.result(timeout=90)
        except BaseException:
            self._stop_loop()
            raise

    async def _serve(self) -> None:
        try:
            async with fresh_database(f"text_{self.service.label}") as url:
                settings = self.service.settings(
                    database_url=url,
                    internal_token_public_key=KEYS.public_pem,
                    consumer_group_suffix="-" + unique_group("text"),
                    consumer_start_new_group_at_end=True,
                )
                app = self.service.build(settings)
                async with running(app) as http:
                    placeholders = await self.service.prepare(app, http, url)
                    self.ready.set_result((http, app.openapi(), placeholders))
                    await self.stopping.wait()
        except BaseException as error:
            if not self.ready.done():
                self.ready.set_exception(error)
            raise

    def send(self, request: "Request", role: Role) -> httpx.Response:
        headers = KEYS.headers(caller(practice_id=PRACTICE, role=role))
        return asyncio.run_coroutine_threadsafe(request.send(self.http, headers), self.loop).result(30)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """The app's loop held still: hypothesis draws while no background task (consumers, relay,
        jobs) touches the global `random` state it watches."""
        holding, resume = threading.Event(), threading.Event()

        def hold() -> None:
            holding.set()
            resume.wait(timeout=30)

        self.loop.call_soon_threadsafe(hold)
        assert holding.wait(timeout=30), "the app's loop did not pause"
        try:
            yield
        finally:
            resume.set()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.stopping.set)
        try:
            self.served.result(timeout=90)
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        if not self.thread.is_alive():
            self.loop.close()


# ---------------------------------------------------------------- reading the OpenAPI document


@dataclass
class Schemas:
    """The document's components, to follow `$ref`s."""

    document: dict[str, Any]

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.document["components"]["schemas"][name]
        return schema

    def options(self, schema: dict[str, Any]) -> list[dict[str, Any]]:
        """The non-null alternatives of a schema (itself when it is not a union)."""
        schema = self.resolve(schema)
        alternatives = schema.get("anyOf") or schema.get("oneOf")
        if alternatives is None:
            return [schema]
        return [
            option
            for alternative in alternatives
            for option in self.options(alternative)
            if option.get("type") != "null"
        ]

    def example(self, schema: dict[str, Any], depth: int = 0) -> Any:
        """A valid-looking value: the schema's own example, else one built from its type."""
        schema = self.resolve(schema)
        for key in ("examples", "example", "default"):
            if key in schema and schema[key] is not None:
                value = schema[key][0] if key == "examples" else schema[key]
                return copy.deepcopy(value)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema["enum"][0]
        if "anyOf" in schema or "oneOf" in schema:
            return self.example(self.options(schema)[0], depth + 1)
        kind = schema.get("type")
        if kind == "object" and depth < 6:
            required = schema.get("required", [])
            return {
                name: self.example(part, depth + 1)
                for name, part in schema.get("properties", {}).items()
                if name in required
            }
        if kind == "array":
            return [self.example(schema.get("items", {}), depth + 1)] if schema.get("minItems") else []
        if kind == "integer":
            return int(schema.get("minimum", 1))
        if kind == "number":
            return float(schema.get("minimum", 1))
        if kind == "boolean":
            return False
        if kind == "string":
            return {
                "uuid": PLACEHOLDER_ID,
                "date": "2025-06-02",
                "date-time": "2025-06-02T09:30:00+02:00",
            }.get(schema.get("format", ""), "x" * max(1, int(schema.get("minLength", 1))))
        return None


Path = tuple[str | int, ...]


def string_paths(schemas: Schemas, schema: dict[str, Any], path: Path = (), depth: int = 0) -> Iterator[Path]:
    """Every place of a body where a string goes: properties, nested objects, a list's first item."""
    if depth > 6:
        return
    for option in schemas.options(schema):
        kind = option.get("type")
        if kind == "string":
            yield path
        elif kind == "object":
            for name, part in option.get("properties", {}).items():
                yield from string_paths(schemas, part, (*path, name), depth + 1)
        elif kind == "array":
            yield from string_paths(schemas, option.get("items", {}), (*path, 0), depth + 1)


def with_value(schemas: Schemas, schema: dict[str, Any], body: Any, path: Path, value: str) -> Any:
    """`body` with `value` at `path`; missing objects and list items are filled with examples."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    options = schemas.options(schema)
    if isinstance(head, int):
        array = next(option for option in options if option.get("type") == "array")
        items = array.get("items", {})
        listed = list(body) if isinstance(body, list) else []
        if not listed:
            listed.append(schemas.example(items))
        listed[0] = with_value(schemas, items, listed[0], rest, value)
        return listed
    holder = next(option for option in options if head in option.get("properties", {}))
    part = holder["properties"][head]
    result = dict(body) if isinstance(body, dict) else {}
    if head not in result or result[head] is None:
        result[head] = schemas.example(part)
    result[head] = with_value(schemas, part, result[head], rest, value)
    return result


def field_name(path: Path) -> str:
    """How a problem's `errors[].field` names a body slot (servicekit.problems drops `body`)."""
    return ".".join(str(part) for part in path)


@dataclass(frozen=True, repr=False)
class Slot:
    """One string an operation reads: in the JSON body, or a query parameter."""

    where: str  # "body" or "query"
    path: Path
    schema: dict[str, Any]

    @property
    def field(self) -> str:
        return field_name(self.path) if self.where == "body" else f"query.{self.path[0]}"

    def __repr__(self) -> str:
        return self.field

    def formats(self, schemas: Schemas) -> set[str]:
        """The string formats the slot's schema names (`date`, `date-time`, `uuid`…)."""
        schema = self.schema if self.where == "query" else _at(schemas, self.schema, self.path)
        return {option.get("format", "") for option in schemas.options(schema)} - {""}


def _at(schemas: Schemas, schema: dict[str, Any], path: Path) -> dict[str, Any]:
    """The schema of the value at `path` of a body."""
    for part in path:
        options = schemas.options(schema)
        if isinstance(part, int):
            schema = next(option for option in options if option.get("type") == "array").get("items", {})
        else:
            schema = next(option for option in options if part in option.get("properties", {}))["properties"][
                part
            ]
    return schema


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False

    async def send(self, http: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
        if self.has_body:
            return await http.request(
                self.method, self.path, params=self.query, json=self.body, headers=headers
            )
        return await http.request(self.method, self.path, params=self.query, headers=headers)


@dataclass(repr=False)
class Operation:
    method: str
    template: str
    schemas: Schemas
    path_values: dict[str, str]
    base_query: dict[str, Any]
    body_schema: dict[str, Any] | None
    base_body: Any
    slots: list[Slot]
    role: Role = Role.DENTIST

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.template}"

    def __repr__(self) -> str:  # what hypothesis prints of a failing draw
        return self.label

    def request(
        self, slot: Slot | None = None, value: str | None = None, *, path_values: dict[str, str] | None = None
    ) -> Request:
        path = self.template
        for name, placeholder in {**self.path_values, **(path_values or {})}.items():
            path = path.replace("{" + name + "}", quote(placeholder, safe=""))
        query = dict(self.base_query)
        body = copy.deepcopy(self.base_body)
        if slot is not None and value is not None:
            if slot.where == "query":
                query[str(slot.path[0])] = value
            else:
                assert self.body_schema is not None
                body = with_value(self.schemas, self.body_schema, body, slot.path, value)
        return Request(self.method.upper(), path, query, body, has_body=self.body_schema is not None)


def _placeholder(schemas: Schemas, parameter: dict[str, Any]) -> str:
    schema = schemas.options(parameter.get("schema", {}))[0]
    if schema.get("format") == "uuid":
        return PLACEHOLDER_ID
    for source in (parameter, schema):
        if source.get("examples"):
            examples = source["examples"]
            first = examples[0] if isinstance(examples, list) else next(iter(examples.values()))["value"]
            return str(first)
    if "enum" in schema:
        return str(schema["enum"][0])
    return "x"


def operations(document: dict[str, Any], placeholders: dict[str, str]) -> list[Operation]:
    """Every operation of the service, with its slots; path parameters take `placeholders` (ids of
    what the service was prepared with), or made-up values."""
    schemas = Schemas(document)
    found = []
    for template, item in document["paths"].items():
        for method in METHODS:
            spec = item.get(method)
            if spec is None:
                continue
            parameters = spec.get("parameters", [])
            path_values = {
                p["name"]: placeholders.get(p["name"]) or _placeholder(schemas, p)
                for p in parameters
                if p["in"] == "path"
            }
            queries = [p for p in parameters if p["in"] == "query"]
            base_query = {
                p["name"]: schemas.example(p.get("schema", {})) for p in queries if p.get("required")
            }
            slots = [
                Slot("query", (p["name"],), p.get("schema", {}))
                for p in queries
                if any(option.get("type") == "string" for option in schemas.options(p.get("schema", {})))
            ]
            content = spec.get("requestBody", {}).get("content", {})
            body_schema = content.get("application/json", {}).get("schema")
            base_body = None
            if body_schema is not None:
                base_body = schemas.example(body_schema)
                paths = dict.fromkeys(string_paths(schemas, body_schema))  # a union's members: once
                slots += [Slot("body", path, body_schema) for path in paths]
            found.append(
                Operation(method, template, schemas, path_values, base_query, body_schema, base_body, slots)
            )
    return found


# ---------------------------------------------------------------- the checks


def refused_fields(response: httpx.Response) -> list[str]:
    body = response.json()
    return [error["field"] for error in body.get("errors") or []]


def names(response: httpx.Response, slot: Slot) -> bool:
    """The problem lists the slot (a union's member suffix, e.g. `.enum[...]`, is allowed)."""
    return any(name == slot.field or name.startswith(slot.field + ".") for name in refused_fields(response))


@dataclass
class Checked:
    live: LiveService
    operations: list[Operation]


def _drop_refused_optional_fields(operation: Operation, answer: httpx.Response) -> None:
    """An example the service refuses (e.g. an attachment whose base64 is a placeholder) loses the
    optional top-level fields named in the refusal, so the base request gets as far as it can."""
    if (
        answer.status_code != 422
        or not isinstance(operation.base_body, dict)
        or operation.body_schema is None
    ):
        return
    required = set(operation.schemas.resolve(operation.body_schema).get("required", []))
    refused = {name.removeprefix("body.").split(".")[0] for name in refused_fields(answer)}
    optional = (refused & set(operation.base_body)) - required
    if optional:
        operation.base_body = {
            key: value for key, value in operation.base_body.items() if key not in optional
        }


@pytest.fixture(scope="module", params=SERVICES, ids=[service.label for service in SERVICES])
def checked(request: pytest.FixtureRequest) -> Iterator[Checked]:
    live = LiveService(request.param)
    try:
        found = operations(live.openapi, live.placeholders)
        for operation in found:
            for role in ROLES:
                answer = live.send(operation.request(), role)
                assert answer.status_code < 500, f"{operation.label} as {role}: {answer.status_code}"
                if answer.status_code != 403 or not answer.json().get("type", "").endswith("forbidden-role"):
                    operation.role = role
                    break
            _drop_refused_optional_fields(operation, answer)
        yield Checked(live, found)
    finally:
        live.close()


def test_the_walk_finds_the_text_fields(checked: Checked) -> None:
    """Guards the walk itself: every service has operations whose body or query holds text."""
    assert any(slot.where == "body" for operation in checked.operations for slot in operation.slots)
    assert any(slot.where == "query" for operation in checked.operations for slot in operation.slots)


def test_a_control_character_in_a_path_segment_is_a_422_naming_it(checked: Checked) -> None:
    wrong = []
    for operation in checked.operations:
        for name in operation.path_values:
            request = operation.request(path_values={name: "a\x00b"})
            answer = checked.live.send(request, operation.role)
            if answer.status_code != 422 or f"path.{name}" not in refused_fields(answer):
                wrong.append(f"{operation.label} {name}: {answer.status_code}")
    assert not wrong, "\n".join(wrong)


# NUL (PostgreSQL refuses it), a C0 control (ESC) and a C1 one, inside an otherwise plain value.
REFUSED_IN_ANY_TEXT = ["a\x00b", "a\x1bb", "a\x9fb"]


def test_a_control_character_in_any_text_field_is_a_422_naming_it(checked: Checked) -> None:
    wrong = []
    for operation in checked.operations:
        for slot in operation.slots:
            for value in REFUSED_IN_ANY_TEXT:
                answer = checked.live.send(operation.request(slot, value), operation.role)
                if answer.status_code != 422 or not names(answer, slot):
                    detail = refused_fields(answer) if answer.status_code < 500 else answer.text[:200]
                    wrong.append(f"{operation.label} {slot.field} {value!r}: {answer.status_code} {detail}")
    assert not wrong, "\n".join(wrong)


# The ends of the calendar, and moments whose conversion to UTC leaves it.
CALENDAR_ENDS = {
    "date": ["0001-01-01", "9999-12-31", "1899-12-31"],
    "date-time": [
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00",
    ],
}


def test_dates_at_the_ends_of_the_calendar_never_make_a_5xx(checked: Checked) -> None:
    wrong = []
    for operation in checked.operations:
        for slot in operation.slots:
            for moment in [
                value for kind in slot.formats(operation.schemas) for value in CALENDAR_ENDS.get(kind, [])
            ]:
                answer = checked.live.send(operation.request(slot, moment), operation.role)
                if answer.status_code >= 500:
                    wrong.append(f"{operation.label} {slot.field}={moment}: {answer.status_code}")
    assert not wrong, "\n".join(wrong)


texts = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda before, control, after: before + control + after,
        st.text(max_size=20),
        st.sampled_from(CONTROLS),
        st.text(max_size=20),
    ),
)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_strings_never_make_a_5xx(checked: Checked, data: st.DataObject) -> None:
    with checked.live.paused():
        operation = data.draw(st.sampled_from([o for o in checked.operations if o.slots]), label="operation")
        slot = data.draw(st.sampled_from(operation.slots), label="slot")
        value = data.draw(texts, label="value")
    answer = checked.live.send(operation.request(slot, value), operation.role)
    assert answer.status_code < 500, f"{operation.label} {slot.field}: {answer.status_code}"
    # Edges may be trimmed before the check (a trailing line break in a title is no harm).
    if has_control_characters(value.strip(), multiline=True):
        assert answer.status_code == 422, f"{operation.label} {slot.field}: {answer.status_code}"
        assert names(answer, slot), f"{operation.label} {slot.field}: {refused_fields(answer)}"
