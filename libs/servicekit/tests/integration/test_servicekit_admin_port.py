"""With an admin port, metrics and a service's docs leave the public port; health answers on both."""

import httpx
import pytest

from servicekit.probe import ping_event, sender_app
from servicekit.settings import ServiceSettings
from servicekit.testing import free_port, fresh_database, running, unique_group

pytestmark = pytest.mark.integration


async def test_metrics_and_docs_move_to_the_admin_port():
    admin_port = free_port()
    async with fresh_database("admin") as url:
        settings = ServiceSettings(service_name="probe-admin", database_url=url, admin_port=admin_port)
        async with running(sender_app(settings, ping_event(unique_group("admin")))) as public:
            for path in ("/metrics", "/docs", "/openapi.json"):
                assert (await public.get(path)).status_code == 404, path
            assert (await public.get("/ready")).status_code == 200
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{admin_port}") as admin:
                metrics = await admin.get("/metrics")
                assert metrics.status_code == 200
                assert "dentalink_outbox" in metrics.text
                assert (await admin.get("/openapi.json")).json()["paths"].keys() >= {"/v1/pings"}
                assert "swagger" in (await admin.get("/docs")).text.lower()
                ready = await admin.get("/ready")
                assert ready.status_code == 200
                assert ready.json()["checks"]["database"] is True
        with pytest.raises(httpx.ConnectError):
            async with httpx.AsyncClient() as after:
                await after.get(f"http://127.0.0.1:{admin_port}/health")


async def test_without_an_admin_port_everything_stays_on_the_public_port():
    async with fresh_database("admin") as url:
        settings = ServiceSettings(service_name="probe-admin", database_url=url)
        async with running(sender_app(settings, ping_event(unique_group("admin")))) as public:
            for path in ("/metrics", "/docs", "/openapi.json", "/ready"):
                assert (await public.get(path)).status_code == 200, path
