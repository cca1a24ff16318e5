#!/usr/bin/env bash
# PostgreSQL metrics for Prometheus: the Debian `prometheus-postgres-exporter`, no Docker.
# Usage: postgres_exporter.sh install|start|stop|status|run
#   start/stop — the exporter in the background (the e2e stack's, or by hand); while `make up`'s
#                supervisord manages it, they ask it to start/stop its program instead.
#   run        — the exporter in the foreground, for supervisord (deploy/local/supervise.sh).
# It listens on 127.0.0.1:9187 moved by DENTALINK_PORT_OFFSET, and reads the cluster on
# DENTALINK_PG_PORT (or the server of DATABASE_URL when that one is external): pg_up, the
# pg_settings_* (max_connections), pg_stat_activity_count by database and state, pg_stat_database_*.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT=$(pg_exporter_port)
TAG=$(offset_tag)
PID_FILE="$RUN/postgres-exporter$TAG.pid"
LOG="$RUN/logs/postgres-exporter$TAG.log"
BIN=/usr/bin/prometheus-postgres-exporter

install() {
  [[ -x $BIN ]] && return 0
  log "installing prometheus-postgres-exporter from Debian packages"
  apt_install prometheus-postgres-exporter
}

# dsn — the exporter's data source: the local cluster's development credentials (postgres.sh: not a
# secret, it listens on 127.0.0.1 alone), or an external DATABASE_URL without its driver name.
dsn() {
  if [[ -n "${DATABASE_URL:-}" && "${DENTALINK_PG_MANAGED:-}" != 1 ]]; then
    local url=${DATABASE_URL/+asyncpg/}
    if [[ $url != *sslmode=* ]]; then url+="$([[ $url == *\?* ]] && echo '&' || echo '?')sslmode=disable"; fi
    echo "$url"
  else
    echo "postgresql://dentalink:dentalink@127.0.0.1:${DENTALINK_PG_PORT:-5432}/postgres?sslmode=disable"
  fi
}

exporter_cmd() {
  EXPORTER=("$BIN" "--web.listen-address=127.0.0.1:$PORT" --log.level=warn)
}
running() { runs "$PID_FILE" prometheus-postgres-exporter; }
answering() { curl -fs -o /dev/null "http://127.0.0.1:$PORT/metrics"; }

start() {
  if supervised_here postgres-exporter; then
    ctl start postgres-exporter >/dev/null || true
    wait_for 30 "the PostgreSQL exporter (supervised by make up)" answering; return
  fi
  if running; then return 0; fi
  if port_open 127.0.0.1 "$PORT"; then log "port $PORT is taken: not starting the PostgreSQL exporter"; return 1; fi
  install
  exporter_cmd
  rotate_log "$LOG"
  log "starting the PostgreSQL exporter on 127.0.0.1:$PORT (logs: $LOG)"
  DATA_SOURCE_NAME=$(dsn) nohup "${EXPORTER[@]}" >>"$LOG" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for 30 "the PostgreSQL exporter" answering
}

# run — the exporter in the foreground (supervisord's program `postgres-exporter`).
run() {
  if port_open 127.0.0.1 "$PORT"; then log "port $PORT is taken: the PostgreSQL exporter already runs?"; return 1; fi
  install
  exporter_cmd
  echo $$ > "$PID_FILE"
  DATA_SOURCE_NAME=$(dsn)
  export DATA_SOURCE_NAME
  exec "${EXPORTER[@]}"
}

stop() {
  stop_server "$PID_FILE" 15 "the PostgreSQL exporter" supervised_here postgres-exporter
}

status() {
  local up
  if ! up=$(curl -fs "http://127.0.0.1:$PORT/metrics" | awk '$1 == "pg_up" {print $2}'); then
    echo "postgres-exporter: down"; return 1
  fi
  echo "postgres-exporter: up (http://127.0.0.1:$PORT/metrics, pg_up ${up:-?})"
}

case "${1:-}" in
  install) install ;; start) start ;; stop) stop ;; status) status ;; run) run ;;
  *) echo "usage: $0 install|start|stop|status|run" >&2; exit 2 ;;
esac
