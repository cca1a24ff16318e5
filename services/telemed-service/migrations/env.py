from servicekit.migrations import run_env
from telemed_service.models import metadata

run_env(metadata)
