"""What the API and the jobs read from the running service: its settings and its (injectable) clock."""

from datetime import datetime

from servicekit import Runtime
from servicekit.clock import Clock, system_clock
from telemed_service.settings import Settings

CLOCK = "clock"


def now(runtime: Runtime) -> datetime:
    """The current instant, from the clock tests may move (runtime.extras["clock"])."""
    clock: Clock = runtime.extras.get(CLOCK, system_clock)
    return clock()


def settings_of(runtime: Runtime) -> Settings:
    settings = runtime.settings
    if not isinstance(settings, Settings):
        raise TypeError("telemed-service runs with telemed_service.settings.Settings")
    return settings
