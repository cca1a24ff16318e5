"""Small helpers the scenario tests share."""

import asyncio
import os
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

PROBLEM = "application/problem+json"
GATEWAY = os.environ.get("DENTALINK_GATEWAY_URL", "http://127.0.0.1:8000")


async def until(
    fetch: Callable[[], Awaitable[Any]],
    accept: Callable[[Any], bool],
    *,
    timeout: float = 30.0,
    what: str = "condition",
) -> Any:
    """Poll `fetch` until `accept` holds (events cross services asynchronously); never a fixed sleep."""
    deadline = asyncio.get_running_loop().time() + timeout
    last: Any = None
    while asyncio.get_running_loop().time() < deadline:
        last = await fetch()
        if accept(last):
            return last
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; last: {describe(last)}")


def describe(value: Any) -> str:
    if isinstance(value, httpx.Response):
        return f"{value.status_code} {value.text[:500]}"
    return repr(value)[:500]


def expect(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, describe(response)
    return (
        response.json() if response.content and "json" in response.headers.get("content-type", "") else None
    )


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, describe(response)
    assert response.headers["content-type"].startswith(PROBLEM), describe(response)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://dentalink.fr/problems/")
    assert "Traceback" not in response.text
    return body


def key() -> str:
    return str(uuid.uuid4())
