"""Entry point: `uvicorn --factory gateway.main:build`."""

from pathlib import Path

from fastapi import FastAPI

from gateway.settings import Settings
from servicekit import ServiceSpec, create_app

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink API",
            description=__doc__ or "",
            routers=[],
            migrations_dir=MIGRATIONS,
        )
    )
