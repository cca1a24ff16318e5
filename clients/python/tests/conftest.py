"""Unit tests of the SDK: the network is an `httpx.MockTransport` that answers like the gateway (the
token endpoint, then scripted answers), time a fake clock that only `sleep` moves."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from dentalink_sdk import Dentalink

DOCUMENT = Path(__file__).resolve().parents[3] / "contracts" / "openapi.json"
BASE_URL = "https://api.dentalink.test"

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeApi:
    """Issues `tok-1`, `tok-2`, … at the token endpoint; answers every other call from `answers`."""

    answers: list[Answer] = field(default_factory=list)
    token_lifetime: int = 300
    token_answer: httpx.Response | None = None
    now: float = 1000.0
    slept: list[float] = field(default_factory=list)
    calls: list[httpx.Request] = field(default_factory=list)
    token_calls: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/oauth/token":
            self.token_calls.append(request)
            if self.token_answer is not None:
                return self.token_answer
            token = f"tok-{len(self.token_calls)}"
            return httpx.Response(
                200, json={"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime}
            )
        # A copy: what was on the wire at this send (a retry may change the same request's headers).
        self.calls.append(
            httpx.Request(
                request.method, request.url, headers=request.headers.copy(), content=request.content
            )
        )
        assert self.answers, f"unexpected call {request.method} {request.url}"
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer(request) if callable(answer) else answer

    @staticmethod
    def example(path: str, method: str, status: str) -> Any:
        """The committed document's example for a success answer: what the API really sends."""
        document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
        return document["paths"][path][method]["responses"][status]["content"]["application/json"]["example"]

    @staticmethod
    def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
        return httpx.Response(status, json=body, headers=headers)

    @staticmethod
    def problem(status: int, kind: str, headers: dict[str, str] | None = None) -> httpx.Response:
        body = {"type": f"https://dentalink.fr/problems/{kind}", "title": kind, "status": status}
        headers = {"content-type": "application/problem+json", **(headers or {})}
        return httpx.Response(status, json=body, headers=headers)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def sdk(self, **options: Any) -> Dentalink:
        return Dentalink(
            BASE_URL,
            "vendor-test",
            "vendor-secret",
            transport=httpx.MockTransport(self.handle),
            sleep=self.sleep,
            clock=self.clock,
            **options,
        )


@pytest.fixture
def api() -> FakeApi:
    return FakeApi()
