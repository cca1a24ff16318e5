from servicekit.migrations import run_env

from ins_service.models import metadata

run_env(metadata)
