"""Schemathesis hooks for `test_e2e_schemathesis.py` (loaded by `st run` through SCHEMATHESIS_HOOKS).

What a real integrator has and Schemathesis cannot invent, read from the environment the test sets:
- credentials: an OAuth2 access token of the registered sandbox client and a Pro Santé Connect ID
  token of the sandbox `dentist` (also practice admin), fetched through the public API and renewed;
- the practice the client is registered for: a generated `X-Practice-Id` that is valid (matches the
  documented pattern) is replaced by it, so calls reach the services instead of all answering 404;
  an invalid or missing one is sent as generated (the 400 answers are then checked);
- a fresh `Idempotency-Key` for every valid generated one: Schemathesis reuses the documented
  example across different bodies, and a key reused for another request is, as documented, a 422.

One precise exclusion: `cursor` is dropped from the positive cases. Its only valid values are the
`next_cursor` strings the API issued (opaque, tamper-checked); no schema can describe them, so any
generated one is rightly refused (400 `invalid-cursor`) and `positive_data_acceptance` would flag a
false positive. Negative cases keep their cursor.
"""

import ast
import os
import re
import threading
import uuid
from typing import Any

import httpx
import schemathesis
from schemathesis import GenerationMode

GATEWAY = os.environ["DENTALINK_ST_GATEWAY"]
CLIENT_ID = os.environ["DENTALINK_ST_CLIENT_ID"]
CLIENT_SECRET = os.environ["DENTALINK_ST_CLIENT_SECRET"]
PRACTICE_ID = os.environ["DENTALINK_ST_PRACTICE_ID"]
PROFESSIONAL = "dentist"
PSC_HEADER = "X-Pro-Sante-Connect-Token"
PRACTICE_HEADER = "X-Practice-Id"
PRACTICE_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

# Several workers describe Hypothesis strategies at once (lambda sources, pretty-printed reprs), and
# `ast.parse` from several threads trips a CPython 3.11 check ("AST constructor recursion depth
# mismatch", a SystemError): a tool error, not an API finding. In this process (`st run` only), one
# parse at a time lets the run keep its workers.
_parse = ast.parse
_one_at_a_time = threading.Lock()


def _serialised_parse(*args: Any, **kwargs: Any) -> Any:
    with _one_at_a_time:
        return _parse(*args, **kwargs)


ast.parse = _serialised_parse


def _credentials() -> dict[str, str]:
    with httpx.Client(base_url=GATEWAY, timeout=30.0) as http:
        token = http.post(
            "/v1/oauth/token", data={"grant_type": "client_credentials"}, auth=(CLIENT_ID, CLIENT_SECRET)
        )
        if token.status_code != 200:  # what went wrong, for the run's report (never the secret)
            raise RuntimeError(f"token: {token.status_code} {token.text[:300]}")
        access = token.json()["access_token"]
        psc = http.post(
            "/v1/sandbox/psc-tokens",
            json={"professional": PROFESSIONAL},
            headers={"Authorization": f"Bearer {access}"},
        )
        if psc.status_code != 201:
            raise RuntimeError(f"psc token: {psc.status_code} {psc.text[:300]}")
        return {"access": access, "psc": psc.json()["id_token"]}


@schemathesis.auth(refresh_interval=60)
class GatewayCredentials:
    """The client's access token and the professional's ID token (both live a few minutes)."""

    def get(self, case: Any, context: Any) -> dict[str, str]:
        return _credentials()

    def set(self, case: Any, data: dict[str, str], context: Any) -> None:
        if case.operation.definition.raw.get("security") == []:
            return  # public: the token endpoint, the JWKS (no bearer token to send)
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data['access']}"
        case.headers[PSC_HEADER] = data["psc"]


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    headers = case.headers or {}
    practice = headers.get(PRACTICE_HEADER)
    if isinstance(practice, str) and PRACTICE_ID_PATTERN.match(practice):
        headers[PRACTICE_HEADER] = PRACTICE_ID
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and 1 <= len(key) <= 255:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    generation = case.meta.generation if case.meta is not None else None
    if generation is not None and generation.mode is GenerationMode.POSITIVE and case.query:
        case.query.pop("cursor", None)
    if headers:
        case.headers = headers
