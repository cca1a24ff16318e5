from servicekit.migrations import run_env

from billing_service.models import metadata

run_env(metadata)
