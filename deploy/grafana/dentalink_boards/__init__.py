"""The Dentalink Grafana dashboards, built with the Grafana Foundation SDK (deploy/grafana/generate.py
writes them to deploy/grafana/dashboards/<uid>.json)."""

from collections.abc import Callable

from grafana_foundation_sdk.models.dashboard import Dashboard

from . import business, events, infrastructure, overview

BUILDERS: tuple[Callable[[], Dashboard], ...] = (
    overview.build,
    events.build,
    business.build,
    infrastructure.build,
)
