#!/bin/sh
# Runs once, when the postgres container starts on an empty data volume (/docker-entrypoint-initdb.d):
# the role every process logs in as, and one database per process ($DENTALINK_DATABASES) owned by it.
# The password comes from a Docker secret; psql reads it from a variable, never from its command line.
set -eu
password=$(cat "$DENTALINK_DB_PASSWORD_FILE")
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --set=password="$password" <<'SQL'
CREATE ROLE dentalink LOGIN PASSWORD :'password';
SQL
for database in $DENTALINK_DATABASES; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE \"$database\" OWNER dentalink"
done
