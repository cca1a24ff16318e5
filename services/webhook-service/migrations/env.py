from servicekit.migrations import run_env
from webhook_service.models import metadata

run_env(metadata)
