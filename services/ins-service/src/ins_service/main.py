"""Entry point: `uvicorn --factory ins_service.main:build`. Everything else is wired by servicekit."""

from pathlib import Path

from fastapi import FastAPI

from ins_service.settings import Settings
from servicekit import ServiceSpec, create_app

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def build(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    return create_app(
        ServiceSpec(
            settings=settings,
            title="Dentalink ins-service",
            description=__doc__ or "",
            routers=[],
            migrations_dir=MIGRATIONS,
        )
    )
