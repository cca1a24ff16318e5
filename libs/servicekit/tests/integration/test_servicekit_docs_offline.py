"""A service's /docs on its admin port, and on its public port without one, loads nothing from
another host: Swagger UI's files answer from the process (servicekit.docs)."""

import httpx
import pytest

from servicekit.docs import ASSETS_PATH
from servicekit.probe import ping_event, sender_app
from servicekit.settings import ServiceSettings
from servicekit.testing import assert_served_offline, free_port, fresh_database, running, unique_group

pytestmark = pytest.mark.integration


async def test_the_admin_port_serves_its_docs_offline() -> None:
    admin_port = free_port()
    async with fresh_database("docs") as url:
        settings = ServiceSettings(service_name="probe-docs", database_url=url, admin_port=admin_port)
        async with running(sender_app(settings, ping_event(unique_group("docs")))) as public:
            assert (await public.get(f"{ASSETS_PATH}/swagger-ui-bundle.js")).status_code == 404
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{admin_port}") as admin:
                references = await assert_served_offline(admin, "/docs")
                assert f"{ASSETS_PATH}/swagger-ui-bundle.js" in references
                assert (await admin.get("/redoc")).status_code == 404


async def test_without_an_admin_port_the_public_port_serves_them_offline() -> None:
    async with fresh_database("docs") as url:
        settings = ServiceSettings(service_name="probe-docs", database_url=url)
        async with running(sender_app(settings, ping_event(unique_group("docs")))) as public:
            await assert_served_offline(public, "/docs")
            assert (await public.get("/redoc")).status_code == 404
