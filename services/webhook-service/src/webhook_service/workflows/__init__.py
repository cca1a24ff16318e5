"""One function per command, consumed event or periodic attempt (api/events/jobs call them)."""

from webhook_service.workflows.delivery import attempt, deliver_due
from webhook_service.workflows.endpoints import (
    delete_endpoint,
    find_endpoint,
    list_deliveries,
    list_endpoints,
    redeliver,
    register_endpoint,
    rotate_secret,
    update_endpoint,
)
from webhook_service.workflows.fan_out import fan_out
from webhook_service.workflows.targets import check_target

__all__ = [
    "attempt",
    "check_target",
    "delete_endpoint",
    "deliver_due",
    "fan_out",
    "find_endpoint",
    "list_deliveries",
    "list_endpoints",
    "redeliver",
    "register_endpoint",
    "rotate_secret",
    "update_endpoint",
]
