"""/docs in a real browser, as an integrator inside a closed network sees it (issue 16).

Debian's Chromium (deploy/local/test_tools.sh installs it), headless, driven by Playwright for Python
launched on that binary — never `playwright install`, whose browser download this network refuses.
Playwright rather than Selenium: it records and filters every request the page makes (the test's
point) without a driver process or a proxy, and waits for Swagger UI's React rendering by itself.

Every request the page makes is recorded; one for a host other than loopback is refused before it
leaves and fails the test, and so does an error in the page's console (a Content-Security-Policy
refusal shows there). On the e2e stack's gateway, Swagger UI must render every operation (and
webhook) of the served document; "Try it out" → "Execute" must show a 200 from this gateway on a
public call, then, after the Authorize dialog took the sandbox client's credentials and a sandbox
Pro Santé Connect token, on an authenticated one. A service's docs on its admin port and the
integrator guide load the same way.
"""

import ipaddress
import os
import subprocess
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import Browser, Page, Request, Route, async_playwright

from dentalink_contracts.openapi import operations
from gateway.api.guide import GUIDE_PATH
from gateway.sandbox_client import SandboxPractice
from servicekit.testing import GATEWAY

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
# What this closed network needs (the machine's notes): no sandbox as root, no GPU, and none of the
# browser's own background connections (updates, sync, QUIC), which the network refuses by the dozen.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PUBLIC_CALL = "/.well-known/oauth-authorization-server"  # answers 200 without credentials
AUTHORIZED_CALL = "/v1/fhir/metadata"  # needs all three credentials: token, PSC, practice
RENDERED_WITHIN_MS = 60_000
# ins-service's admin port: its port (8101) + 1000 (deploy/local/stack.sh), moved by the e2e offset.
INS_ADMIN = f"http://127.0.0.1:{9101 + int(os.environ.get('DENTALINK_PORT_OFFSET', '0'))}"


def chromium_path() -> str:
    """Debian's Chromium, installed by the project's script when missing."""
    script = ROOT / "deploy/local/test_tools.sh"
    done = subprocess.run(
        ["bash", str(script), "chromium"], check=True, capture_output=True, text=True, timeout=900
    )
    return done.stdout.strip().splitlines()[-1]


def loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        # launch() gives the browser a fresh, empty profile (a temporary --user-data-dir) every time.
        launched = await playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, chromium_sandbox=False, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            await launched.close()


class Recorded:
    """What a page asked for and complained about."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[tuple[Page, Recorded]]:
    recorded = Recorded()
    context = await browser.new_context()

    async def only_loopback(route: Route, request: Request) -> None:
        recorded.requests.append(request.url)
        if request.url.startswith(("data:", "blob:")) or loopback(request.url):
            await route.continue_()
        else:  # never sent: this network must not see it, and the test fails on it
            recorded.refused.append(request.url)
            await route.abort()

    await context.route("**/*", only_loopback)
    opened = await context.new_page()
    opened.on(
        "console", lambda message: recorded.errors.append(message.text) if message.type == "error" else None
    )
    opened.on("pageerror", lambda error: recorded.errors.append(str(error)))
    try:
        yield opened, recorded
    finally:
        await context.close()


def documented_operations(document: dict[str, Any]) -> Counter[tuple[str, str]]:
    """(METHOD, path) once per tag of the operation, as Swagger UI lists them (untagged: once)."""
    listed: Counter[tuple[str, str]] = Counter()
    for path, method, operation in operations(document):
        listed[(method.upper(), path)] += max(1, len(operation.get("tags", [])))
    return listed


def documented_webhooks(document: dict[str, Any]) -> Counter[tuple[str, str]]:
    return Counter((method.upper(), name) for name, method, _ in operations(document, section="webhooks"))


RENDERED_OPERATIONS = """(sections) => sections.flatMap((section) =>
  Array.from(section.querySelectorAll(".opblock")).map((block) => [
    block.querySelector(".opblock-summary-method").textContent.trim(),
    block.querySelector(".opblock-summary [data-path]").getAttribute("data-path"),
  ]))"""


async def test_swagger_ui_renders_every_operation_offline_and_try_it_out_answers_200(
    page: tuple[Page, Recorded],
) -> None:
    browser_page, recorded = page
    async with httpx.AsyncClient(base_url=GATEWAY, timeout=30.0) as http:
        document = (await http.get("/openapi.json")).json()
    expected = documented_operations(document)

    await browser_page.goto(f"{GATEWAY}/docs", wait_until="load")
    await browser_page.wait_for_selector(".opblock-tag-section .opblock", timeout=RENDERED_WITHIN_MS)
    rendered = Counter(
        (method, path)
        for method, path in await browser_page.eval_on_selector_all(
            ".opblock-tag-section", RENDERED_OPERATIONS
        )
    )
    assert rendered == expected, {"missing": expected - rendered, "unexpected": rendered - expected}
    assert sum(rendered.values()) >= len(document["paths"])
    webhooks = Counter(
        (method, name)
        for method, name in await browser_page.eval_on_selector_all(".webhooks", RENDERED_OPERATIONS)
    )
    assert webhooks == documented_webhooks(document)
    assert await browser_page.locator(".docs-links a", has_text="Integrator guide").count() == 1

    # "Try it out" → "Execute" on a public call: the answer comes from this gateway, whatever
    # `servers` the document names.
    operation = browser_page.locator(".opblock", has=browser_page.locator(f'[data-path="{PUBLIC_CALL}"]'))
    await operation.locator(".opblock-summary").first.click()
    await operation.locator("button.try-out__btn").click()
    await operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tr.response .response-col_status").first
    await status.wait_for(timeout=RENDERED_WITHIN_MS)
    assert (await status.inner_text()).strip() == "200"
    request_url = (await operation.locator(".request-url pre").first.inner_text()).strip()
    assert request_url == f"{GATEWAY}{PUBLIC_CALL}"
    answer = operation.locator(".live-responses-table tr.response .response-col_description").first
    assert "issuer" in await answer.inner_text()

    assert f"{GATEWAY}{PUBLIC_CALL}" in recorded.requests
    assert recorded.refused == [], f"requests for another host: {recorded.refused}"
    assert all(loopback(url) for url in recorded.requests if url.startswith("http"))
    assert recorded.errors == [], recorded.errors


async def test_authorize_then_try_it_out_as_an_integrator_would(page: tuple[Page, Recorded]) -> None:
    """The Authorize dialog gets the access token from this gateway (client credentials), takes a
    sandbox Pro Santé Connect token, and an authenticated call answers 200."""
    browser_page, recorded = page
    async with SandboxPractice.open(GATEWAY) as practice:
        psc = await practice.psc_token("dentist")
        await browser_page.goto(f"{GATEWAY}/docs", wait_until="load")
        await browser_page.locator(".auth-wrapper .btn.authorize").click()
        dialog = browser_page.locator(".dialog-ux .modal-ux")
        await dialog.locator("form", has_text="proSanteConnect").locator("input").first.fill(psc)
        await dialog.locator('button[aria-label="Apply credentials"]').first.click()
        await dialog.locator('input[data-name="clientId"]').first.fill(practice.client_id)
        await dialog.locator('input[data-name="clientSecret"]').first.fill(practice.client_secret)
        await dialog.locator('button[aria-label="Apply given OAuth2 credentials"]').first.click()
        # Authorized: both schemes now offer to log out (the client id and secret hidden).
        await dialog.locator("button", has_text="Logout").nth(1).wait_for(timeout=RENDERED_WITHIN_MS)
        await dialog.locator("button.btn-done").first.click()

        operation = browser_page.locator(
            ".opblock", has=browser_page.locator(f'[data-path="{AUTHORIZED_CALL}"]')
        ).first
        await operation.locator(".opblock-summary").first.click()
        await operation.locator("button.try-out__btn").click()
        await operation.locator('tr[data-param-name="X-Practice-Id"] input').fill(practice.practice_id)
        async with browser_page.expect_request(f"{GATEWAY}{AUTHORIZED_CALL}") as sent:
            await operation.locator("button.execute").click()
        headers = await (await sent.value).all_headers()
        status = operation.locator(".live-responses-table tr.response .response-col_status").first
        await status.wait_for(timeout=RENDERED_WITHIN_MS)
        assert (await status.inner_text()).strip() == "200"

    assert headers["authorization"].startswith("Bearer ") and headers["x-pro-sante-connect-token"] == psc
    assert headers["x-practice-id"] == practice.practice_id
    assert f"{GATEWAY}/v1/oauth/token" in recorded.requests  # the token from this gateway's tokenUrl
    assert recorded.refused == [], f"requests for another host: {recorded.refused}"
    assert recorded.errors == [], recorded.errors


async def test_a_service_docs_on_its_admin_port_render_offline(page: tuple[Page, Recorded]) -> None:
    browser_page, recorded = page
    async with httpx.AsyncClient(base_url=INS_ADMIN, timeout=30.0) as http:
        document = (await http.get("/openapi.json")).json()
    await browser_page.goto(f"{INS_ADMIN}/docs", wait_until="load")
    await browser_page.wait_for_selector(".opblock-tag-section .opblock", timeout=RENDERED_WITHIN_MS)
    rendered = Counter(
        (method, path)
        for method, path in await browser_page.eval_on_selector_all(
            ".opblock-tag-section", RENDERED_OPERATIONS
        )
    )
    assert rendered == documented_operations(document)
    assert recorded.refused == [], f"requests for another host: {recorded.refused}"
    assert recorded.errors == [], recorded.errors


async def test_the_integrator_guide_loads_offline_and_leads_to_the_reference(
    page: tuple[Page, Recorded],
) -> None:
    browser_page, recorded = page
    await browser_page.goto(f"{GATEWAY}{GUIDE_PATH}", wait_until="load")
    assert (await browser_page.locator("h1").inner_text()).strip() == "Dentalink integrator guide"
    headings = await browser_page.locator("h2").all_inner_texts()
    assert any("Authentication" in heading for heading in headings)
    assert any("sandbox" in heading for heading in headings)
    assert any("Webhooks" in heading for heading in headings)
    await browser_page.locator("nav a", has_text="API reference").click()
    await browser_page.wait_for_selector(".opblock", timeout=RENDERED_WITHIN_MS)
    assert recorded.refused == [], f"requests for another host: {recorded.refused}"
    assert recorded.errors == [], recorded.errors
