#!/usr/bin/env bash
# PostgreSQL from Debian packages, one cluster under .run/, one database per service. No Docker.
# Usage: postgres.sh install|start|stop|status|purge
# With DATABASE_URL set, that server is used: nothing is installed or started.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_PORT="${DENTALINK_PG_PORT:-5432}"
# PostgreSQL refuses to run as root, and the postgres user may not be able to enter the checkout
# (a clone under a 0700 directory, as `mktemp -d` makes): as root, the cluster lives in a directory
# of its own under the postgres user's home, one per checkout; otherwise under .run/.
if [[ $(id -u) == 0 ]]; then
  PG_HOME="${DENTALINK_PG_HOME:-/var/lib/postgresql/dentalink/$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)}"
else
  PG_HOME="${DENTALINK_PG_HOME:-$RUN/postgres}"
fi
PG_DATA="$PG_HOME/pgdata"
PG_SOCKET="$PG_HOME/socket"
PG_LOG="$PG_HOME/postgres.log"
PG_USER=dentalink
# Local-only development credentials, not a secret: the cluster listens on 127.0.0.1 alone.
PG_PASSWORD=dentalink
DATABASES=(ins vitale dmp telemed billing gateway)

external() { [[ -n "${DATABASE_URL:-}" && "${DENTALINK_PG_MANAGED:-}" != 1 ]]; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$dir" ]] && echo "$dir"
}

install() {
  if [[ -z "$(pg_bin)" ]]; then
    log "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  fi
}

# as_owner CMD... — PostgreSQL refuses to run as root, so root runs it as the postgres user.
as_owner() {
  if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

answering() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

psql_admin() { as_owner "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

create_databases() {
  psql_admin -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='$PG_USER')
    THEN CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD'; END IF; END\$\$;"
  local db
  for db in "${DATABASES[@]}"; do
    if [[ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$db'")" ]]; then
      psql_admin -c "CREATE DATABASE $db OWNER $PG_USER"
    fi
  done
}

start() {
  if external; then log "using external PostgreSQL from DATABASE_URL"; return 0; fi
  install
  local bin; bin=$(pg_bin)
  if answering; then
    [[ -f "$PG_DATA/postmaster.pid" ]] || { log "port $PG_PORT is taken by another PostgreSQL; set DATABASE_URL to use it"; return 1; }
  else
    mkdir -p "$PG_DATA" "$PG_SOCKET"
    if [[ $(id -u) == 0 ]]; then
      as_owner true  # creates the postgres user when missing
      chown -R postgres "$PG_HOME"
      chmod 700 "$PG_DATA"
    fi
    ln -sfn "$PG_LOG" "$RUN/logs/postgres.log"
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
      log "initialising a PostgreSQL cluster in $PG_DATA"
      as_owner "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      cat >> "$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET'
max_connections = 200
shared_buffers = 128MB
fsync = on
synchronous_commit = on
log_min_messages = warning
CONF
    fi
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (logs: $PG_LOG)"
    # Logs without key values: `terse` drops the DETAIL line of a unique violation ("Key (practice_id,
    # matricule)=(…) already exists") and no failing statement is logged (production: same settings).
    as_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-c log_error_verbosity=terse -c log_min_error_statement=panic" start >/dev/null
  fi
  wait_for 60 "PostgreSQL" answering
  create_databases
  log "PostgreSQL ready"
}

stop() {
  external && return 0
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 0
  log "stopping PostgreSQL"
  as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
}

# purge — stop and delete this checkout's cluster (make clean).
purge() {
  external && return 0
  stop
  rm -rf "$PG_HOME"
}

status() { if answering; then echo "postgres: up (127.0.0.1:$PG_PORT)"; else echo "postgres: down"; return 1; fi; }

case "${1:-}" in
  install) install ;; start) start ;; stop) stop ;; status) status ;; purge) purge ;;
  *) echo "usage: $0 install|start|stop|status|purge" >&2; exit 2 ;;
esac
