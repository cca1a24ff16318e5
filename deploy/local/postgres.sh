#!/usr/bin/env bash
# PostgreSQL from Debian packages, one cluster under .run/, one database per service. No Docker.
# Usage: postgres.sh install|start|stop|status|purge|run
#   start/stop — a server in the background (pg_ctl), as `make infra` wants it; while `make up`'s
#                supervisord manages PostgreSQL, they ask it to start/stop its program instead.
#   run        — the server in the foreground, for supervisord (deploy/local/supervise.sh).
#   running    — true when a live postmaster owns this checkout's cluster (whoever started it).
# Either way a cluster whose postmaster died (kill -9) is made startable first (pg_recover.sh).
# With DATABASE_URL set, that server is used: nothing is installed or started.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$ROOT/deploy/local/pg_recover.sh"

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
DATABASES=(ins vitale dmp telemed billing webhook gateway)

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

# as_owner_exec CMD... — replaces this shell with CMD run as the cluster's owner. Not runuser: it would
# stay in between as the parent, and it SIGKILLs its child 2 s after forwarding a stop signal.
as_owner_exec() {
  if [[ $(id -u) == 0 ]]; then
    exec setpriv --reuid="$(id -u postgres)" --regid="$(id -g postgres)" --init-groups -- "$@"
  else
    exec "$@"
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

# Logs without key values: `terse` drops the DETAIL line of a unique violation ("Key (practice_id,
# matricule)=(…) already exists") and no failing statement is logged (production: same settings).
SERVER_OPTIONS=(-c log_error_verbosity=terse -c log_min_error_statement=panic)

# prepare — install PostgreSQL and initialise the cluster when missing; nothing is started.
prepare() {
  install
  local bin; bin=$(pg_bin)
  mkdir -p "$PG_DATA" "$PG_SOCKET"
  if [[ $(id -u) == 0 ]]; then
    as_owner true  # creates the postgres user when missing
    chown -R postgres "$PG_HOME"
    chmod 700 "$PG_DATA"
  fi
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
}

# recover — pg_recover with its answer told: 0 free to start, 3 a live postmaster owns the cluster.
recover() {
  local rc=0
  pg_recover "$PG_DATA" "$PG_SOCKET" || rc=$?
  if (( rc == 1 )); then log "PostgreSQL: could not clear what a dead postmaster left in $PG_DATA"; fi
  return $rc
}

start() {
  if external; then log "using external PostgreSQL from DATABASE_URL"; return 0; fi
  install
  local bin; bin=$(pg_bin)
  if supervised postgres; then
    ctl start postgres >/dev/null || true  # no-op when running; a stopped program is started again
    wait_for 120 "PostgreSQL (supervised by make up: .run/logs/postgres.log)" answering
  elif answering; then
    [[ -f "$PG_DATA/postmaster.pid" ]] || { log "port $PG_PORT is taken by another PostgreSQL; set DATABASE_URL to use it"; return 1; }
  else
    prepare
    local rc=0
    recover || rc=$?
    if (( rc == 3 )); then
      log "a PostgreSQL server already runs on $PG_DATA: waiting for it to answer"
    elif (( rc != 0 )); then
      return 1
    else
      # The server log is appended to by pg_ctl; make up's supervised server logs to .run/logs itself.
      [[ -f "$RUN/logs/postgres.log" && ! -L "$RUN/logs/postgres.log" ]] || ln -sfn "$PG_LOG" "$RUN/logs/postgres.log"
      rotate_log "$PG_LOG"
      log "starting PostgreSQL on 127.0.0.1:$PG_PORT (logs: $PG_LOG)"
      as_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -o "${SERVER_OPTIONS[*]}" start >/dev/null
    fi
  fi
  wait_for 60 "PostgreSQL" answering
  create_databases
  log "PostgreSQL ready"
}

# run — the server in the foreground (supervisord's program `postgres`), after clearing what a dead
# postmaster left behind. Stops cleanly on SIGINT (fast shutdown).
run() {
  if external; then log "DATABASE_URL is set: PostgreSQL is not run here"; return 1; fi
  prepare
  local rc=0
  recover || rc=$?
  if (( rc == 3 )); then
    log "a PostgreSQL server already runs on $PG_DATA (pid $(head -n 1 "$PG_DATA/postmaster.pid")), outside supervisord"
    return 1
  elif (( rc != 0 )); then
    return 1
  fi
  if answering; then log "port $PG_PORT is taken by another PostgreSQL"; return 1; fi
  log "PostgreSQL on 127.0.0.1:$PG_PORT, data in $PG_DATA"
  cd "$PG_HOME" || return 1
  as_owner_exec "$(pg_bin)/postgres" -D "$PG_DATA" "${SERVER_OPTIONS[@]}"
}

stop() {
  external && return 0
  if supervised postgres; then
    log "stopping PostgreSQL through make up's supervisord ('$0 start' or 'make up' starts it again)"
    ctl stop postgres >/dev/null || true
    return 0
  fi
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 0
  log "stopping PostgreSQL"
  as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
  recover || true  # a postmaster that had died: what it left behind
}

# purge — stop and delete this checkout's cluster (make clean).
purge() {
  external && return 0
  stop
  rm -rf "$PG_HOME"
}

status() { if answering; then echo "postgres: up (127.0.0.1:$PG_PORT)"; else echo "postgres: down"; return 1; fi; }

case "${1:-}" in
  install) install ;; prepare) prepare ;; start) start ;; stop) stop ;; status) status ;; purge) purge ;;
  run) run ;; recover) recover ;; running) pg_postmaster_pid "$PG_DATA" >/dev/null ;;
  *) echo "usage: $0 install|prepare|start|stop|status|purge|run|recover|running" >&2; exit 2 ;;
esac
