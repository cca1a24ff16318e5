from servicekit.migrations import run_env
from vitale_service.models import metadata

run_env(metadata)
