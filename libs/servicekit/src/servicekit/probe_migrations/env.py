from sqlalchemy import MetaData

from servicekit.migrations import run_env

run_env(MetaData())
