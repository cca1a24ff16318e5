"""Background work of dmp-service: pushes to the national DMP, appointment reminders, e-mail delivery.

Each job receives the context and runs one workflow (`workflows.national_push`,
`workflows.notifications`), safe with several instances running.
"""

from dmp_service.context import DmpContext
from dmp_service.settings import Settings
from dmp_service.workflows.national_push import push_due_documents
from dmp_service.workflows.notifications import deliver_notifications, schedule_reminders
from servicekit import PeriodicJob


async def push(context: DmpContext) -> None:
    await push_due_documents(context)


async def remind(context: DmpContext) -> None:
    await schedule_reminders(context)


async def deliver(context: DmpContext) -> None:
    await deliver_notifications(context)


def jobs(settings: Settings) -> list[PeriodicJob[DmpContext]]:
    """The periodic jobs, at the intervals the settings give."""
    return [
        PeriodicJob("national-dmp-push", settings.push_interval_seconds, push),
        PeriodicJob("appointment-reminders", settings.reminder_interval_seconds, remind),
        PeriodicJob("notification-delivery", settings.notification_interval_seconds, deliver),
    ]
