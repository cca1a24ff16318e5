from servicekit.migrations import run_env

from dmp_service.models import metadata

run_env(metadata)
