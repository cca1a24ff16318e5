"""servicekit: what every Dentalink service needs once.

Settings, async database, outbox + relay, idempotent consumer (inbox), Kafka lifecycle, telemetry,
problem+json errors, internal auth, and the app factory with health, readiness and metrics.
"""

from dentalink_contracts.values import Role
from servicekit.app import Kit, PeriodicJob, ServiceSpec, Session, context_of, create_app
from servicekit.auth import Caller, CallerContext, Professional, require_roles
from servicekit.consumer import PermanentError, Subscription
from servicekit.outbox import publish
from servicekit.problems import InvalidField, ProblemError, invalid_field
from servicekit.settings import ServiceSettings
from servicekit.unit_of_work import (
    Outbox,
    UnitOfWork,
    UnitOfWorkFactory,
    sql_single_statements,
    sql_units_of_work,
    unit_of_work_in,
)

__all__ = [
    "Caller",
    "CallerContext",
    "InvalidField",
    "Kit",
    "Outbox",
    "PeriodicJob",
    "PermanentError",
    "ProblemError",
    "Professional",
    "Role",
    "ServiceSettings",
    "ServiceSpec",
    "Session",
    "Subscription",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "context_of",
    "create_app",
    "invalid_field",
    "publish",
    "require_roles",
    "sql_single_statements",
    "sql_units_of_work",
    "unit_of_work_in",
]
