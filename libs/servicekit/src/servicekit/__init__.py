"""servicekit: what every Dentalink service needs once.

Settings, async database, outbox + relay, idempotent consumer (inbox), Kafka lifecycle, telemetry,
problem+json errors, internal auth, and the app factory with health, readiness and metrics.
"""

from dentalink_contracts.values import Role
from servicekit.app import PeriodicJob, Runtime, RuntimeDep, ServiceSpec, Session, create_app
from servicekit.auth import Caller, CallerContext, Professional, require_roles
from servicekit.consumer import PermanentError, Subscription
from servicekit.outbox import publish
from servicekit.problems import InvalidField, ProblemError, invalid_field
from servicekit.settings import ServiceSettings

__all__ = [
    "Caller",
    "CallerContext",
    "InvalidField",
    "PeriodicJob",
    "PermanentError",
    "ProblemError",
    "Professional",
    "Role",
    "Runtime",
    "RuntimeDep",
    "ServiceSettings",
    "ServiceSpec",
    "Session",
    "Subscription",
    "create_app",
    "invalid_field",
    "publish",
    "require_roles",
]
