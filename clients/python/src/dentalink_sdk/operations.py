"""Human names for the generated operations, derived from their operationIds.

openapi-python-client writes one module per operation, named after its operationId in snake case
(`teleExpertises.accept` → `tele_expertises_accept`), under a folder per OpenAPI tag. So
`sdk.tele_expertises.accept(...)` is found, not written: resource `tele_expertises`, action `accept`,
module `tele_expertises_accept`. A call fills in what the generated function asks for and the SDK
knows — the practice (`X-Practice-Id`), a new `Idempotency-Key` for a creation — turns a dict body
into the generated model, and returns the typed answer or raises `ApiError`.
"""

import importlib
import inspect
import json
import pkgutil
import re
import types
import uuid
from collections.abc import AsyncIterator, Mapping
from functools import cache
from importlib import resources
from typing import Any, Union, get_args, get_origin

import httpx

import dentalink_client.api
from dentalink_client.client import AuthenticatedClient
from dentalink_client.types import UNSET
from dentalink_client.types import Response as GeneratedResponse
from dentalink_sdk.errors import ApiError
from dentalink_sdk.pagination import paginate


def snake(name: str) -> str:
    """camelCase → snake_case, as the generator names modules (`lookUpInsi` → `look_up_insi`)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@cache
def operation_ids() -> tuple[str, ...]:
    """The document's operationIds (`identities.create`), written beside the generated client."""
    text = resources.files(dentalink_client).joinpath("operation_ids.txt").read_text(encoding="utf-8")
    return tuple(text.split())


@cache
def operation_index() -> Mapping[str, Mapping[str, str]]:
    """resource → action → generated module name, all in snake case."""
    index: dict[str, dict[str, str]] = {}
    for operation_id in operation_ids():
        resource, action = operation_id.split(".")
        index.setdefault(snake(resource), {})[snake(action)] = snake(f"{resource}_{action}")
    return index


@cache
def generated_operations() -> Mapping[str, types.ModuleType]:
    """Every generated operation module by its name (the operationId in snake case)."""
    package = dentalink_client.api
    return {
        found.name.rsplit(".", 1)[1]: importlib.import_module(found.name)
        for found in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        if not found.ispkg
    }


def _model_of(annotation: Any) -> Any:
    """The generated model class a parameter takes (alone or in a union with Unset/None), if any."""
    is_union = get_origin(annotation) in (Union, types.UnionType)
    candidates = get_args(annotation) if is_union else (annotation,)
    return next((c for c in candidates if inspect.isclass(c) and hasattr(c, "from_dict")), None)


class Operation:
    """One generated operation, bound to a client and to what the SDK fills in."""

    def __init__(
        self, name: str, module: types.ModuleType, client: AuthenticatedClient, practice_id: str | None
    ):
        self.name = name
        self.module = module
        self.client = client
        self.practice_id = practice_id
        self.parameters = inspect.signature(module.asyncio_detailed).parameters
        self.__doc__ = module.asyncio_detailed.__doc__  # the operation's description and arguments

    def __repr__(self) -> str:
        return f"<operation {self.name}>"

    def arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        filled = dict(kwargs)
        if "x_practice_id" in self.parameters and "x_practice_id" not in filled:
            if self.practice_id is None:
                raise TypeError(f"{self.name} acts for a practice: call it on sdk.as_professional(...)")
            filled["x_practice_id"] = self.practice_id
        if "idempotency_key" in self.parameters and filled.get("idempotency_key") in (None, UNSET):
            # One key per call, kept by every retry of it (the transport resends the same request).
            filled["idempotency_key"] = str(uuid.uuid4())
        body = filled.get("body")
        model = _model_of(self.parameters["body"].annotation) if "body" in self.parameters else None
        if isinstance(body, Mapping) and model is not None:
            filled["body"] = model.from_dict(dict(body))
        return filled

    async def detailed(self, *args: Any, **kwargs: Any) -> GeneratedResponse[Any]:
        """The generated `asyncio_detailed`: status, headers, raw content and parsed answer."""
        response: GeneratedResponse[Any] = await self.module.asyncio_detailed(
            *args, client=self.client, **self.arguments(kwargs)
        )
        return response

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The typed answer of a 2xx (the generated model, None for 204); `ApiError` otherwise."""
        response = await self.detailed(*args, **kwargs)
        if 200 <= response.status_code < 300:
            return response.parsed
        try:
            problem = json.loads(response.content) if response.content else {}
        except ValueError:
            problem = {}
        problem = problem if isinstance(problem, dict) else {}
        raise ApiError(int(response.status_code), problem, httpx.Headers(response.headers))

    def pages(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        """Every page of a list, following `next_cursor`."""
        if "cursor" not in self.parameters:
            raise TypeError(f"{self.name} is not a paged list")
        return paginate(self, *args, **kwargs)

    async def items(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        """Every item of a list, page after page."""
        async for page in self.pages(*args, **kwargs):
            for item in page.items:
                yield item


class Resource:
    """`sdk.identities`: the operations whose operationId starts with `identities.`."""

    def __init__(self, name: str, client: AuthenticatedClient, practice_id: str | None) -> None:
        self.name = name
        self.client = client
        self.practice_id = practice_id

    def __repr__(self) -> str:
        return f"<resource {self.name}: {', '.join(self.__dir__())}>"

    def __dir__(self) -> list[str]:
        return sorted(operation_index()[self.name])

    def __getattr__(self, action: str) -> Operation:
        module_name = operation_index()[self.name].get(action)
        if module_name is None:
            raise AttributeError(f"no operation {self.name}.{action}")
        return Operation(module_name, generated_operations()[module_name], self.client, self.practice_id)


class Resources:
    """Attribute access to the resources, for the client and for a professional."""

    client: AuthenticatedClient
    practice_id: str | None

    def __getattr__(self, resource: str) -> Resource:
        if resource not in operation_index():
            raise AttributeError(f"no resource {resource}")
        return Resource(resource, self.client, self.practice_id)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *operation_index()})
