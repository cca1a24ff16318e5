#!/usr/bin/env bash
# Redis from Debian packages, for the counters the gateways share (rate limits, failed-login back-off).
# Usage: redis.sh install|start|stop|status|run|url [DB]
#   start/stop — a server in the background (daemonized, pid file under .run/redis), as `make infra`
#                wants it.
#   run        — the server in the foreground (for a supervisor).
#   url [DB]   — the URL the gateway is given (GATEWAY_RATE_LIMIT_STORAGE_URL), database DB (default 0).
# One server on 127.0.0.1 only, no password (loopback, development data: counters of one minute or so),
# nothing persisted: a restart forgets the counters, which lets a client at most one window's worth more.
# Databases: 0 for the platform (`make up`), 1 for the e2e stack (DENTALINK_DB_SUFFIX), 2 for the
# gateway's integration tests; the keys are prefixed by the environment namespace as well (topic
# namespace), so no two environments count in the same key. A server of something else on the port is
# used as it is.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REDIS_PORT="${DENTALINK_REDIS_PORT:-6379}"
REDIS_HOME="$RUN/redis"
REDIS_CONF="$REDIS_HOME/redis.conf"
REDIS_PID="$REDIS_HOME/redis.pid"
REDIS_LOG="$RUN/logs/redis.log"

install() {
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    log "installing Redis from Debian packages"
    # apt_install: Debian's maintainer scripts would start a system Redis on 6379; this script runs it.
    apt_install redis-server redis-tools
  fi
}

answering() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }
running() { runs "$REDIS_PID" redis-server; }

# configure DAEMONIZE — the server's configuration under .run/redis (written at every start).
configure() {
  mkdir -p "$REDIS_HOME"
  cat >"$REDIS_CONF" <<CONF
# Written by deploy/local/redis.sh: edit that script, not this file.
bind 127.0.0.1
protected-mode yes
port $REDIS_PORT
daemonize $1
pidfile $REDIS_PID
logfile $( [[ $1 == yes ]] && echo "$REDIS_LOG" || echo '""' )
dir $REDIS_HOME
# Counters live for a minute or so: nothing is saved to disk.
save ""
appendonly no
# Bounded memory: every key the gateways write expires; the ones nearest their end go first.
maxmemory 128mb
maxmemory-policy volatile-ttl
CONF
}

start() {
  install
  if answering; then
    running || log "another Redis answers on 127.0.0.1:$REDIS_PORT: using it as it is"
    return 0
  fi
  configure yes
  rotate_log "$REDIS_LOG"
  log "starting Redis on 127.0.0.1:$REDIS_PORT (logs: .run/logs/redis.log)"
  redis-server "$REDIS_CONF"
  wait_for 30 "Redis" answering
  log "Redis ready"
}

run() {
  install
  if answering; then log "port $REDIS_PORT is taken by another Redis"; return 1; fi
  configure no
  exec redis-server "$REDIS_CONF"
}

stop() {
  running || { rm -f "$REDIS_PID"; return 0; }
  local pid; pid=$(cat "$REDIS_PID")
  log "stopping Redis (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  wait_for 30 "Redis to stop" not_alive "$pid" || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$REDIS_PID"
}

status() {
  if command -v redis-cli >/dev/null && answering; then echo "redis: up (127.0.0.1:$REDIS_PORT)"
  else echo "redis: down"; return 1; fi
}

url() { echo "redis://127.0.0.1:$REDIS_PORT/${1:-0}"; }

case "${1:-}" in
  install) install ;; start) start ;; stop) stop ;; status) status ;; run) run ;; url) url "${2:-}" ;;
  running) running ;;
  *) echo "usage: $0 install|start|stop|status|run|url [DB]|running" >&2; exit 2 ;;
esac
