#!/usr/bin/env bash
# `make up`: PostgreSQL, Kafka, the six services and the gateway under one supervisord, with
# Prometheus and the PostgreSQL exporter watching them (the broker's metrics agent rides in Kafka).
# Usage: supervise.sh up|wait|down|status|config
#   up     — write .run/supervisor/supervisord.conf, start supervisord (a daemon of its own session, so a
#            Ctrl-C in the terminal reaches only `make up`, which then runs `make down`), start the
#            programs in order (PostgreSQL, Kafka, databases, then the services and the gateway), wait
#            for every /ready and print the URLs. A process that is not ready is reported, never a
#            reason to stop the others.
#   wait   — follow supervisord's log (exits, restarts) until supervisord stops.
#   down   — stop every program (gateway, services, Kafka, the exporter, PostgreSQL, Prometheus in
#            that order) and supervisord.
#   status — supervisord's view of its programs.
#
# Why supervisord (PyPI `supervisor`, locked in the root dev dependency group, so `make bootstrap`
# installs it like everything else): it restarts a program that exits (autorestart) with a growing
# back-off when it keeps failing at start (startsecs/startretries: 1 s, 2 s, 3 s… apart), appends to
# and rotates each program's log by size (stdout_logfile_maxbytes/backups), stops programs in reverse
# priority order with a per-program signal and timeout (PostgreSQL: SIGINT, its fast shutdown), puts
# each program in its own process group (killasgroup), and answers `supervisorctl status`. It is one
# pure-Python package with no dependency, needs no root nor systemd (this machine and CI run no
# init system), and its state stays in the checkout (.run/supervisor). circus offers the same with
# ZeroMQ and more dependencies; systemd units need a systemd that containers do not run.
#
# The e2e tests' stack (`stack.sh start` with DENTALINK_DB_SUFFIX) is not supervised: it lives as long
# as the test session, on its own ports, pid and log files, and never touches these programs.
# `make infra` (make test) starts PostgreSQL and Kafka without supervisord as before; when `make up`
# runs, the same scripts find them supervised and go through supervisorctl instead. `make up` takes
# over this checkout's servers started by `make infra` (restarts them under supervisord).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HERE="$ROOT/deploy/local"
SUPERVISORD="$ROOT/.venv/bin/supervisord"
STOPPING="$SUPERVISOR_DIR/stopping"
# DENTALINK_MONITORING=0: no Prometheus nor PostgreSQL exporter (the broker's agent: kafka.sh).
monitoring() { [[ "${DENTALINK_MONITORING:-1}" != 0 ]]; }

# pg_wanted / kafka_wanted — true when that server is to run here under supervisord: it is not
# external (DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS). This checkout's own server started without
# supervisord (`make infra`) is stopped first, to be started again under supervisord (a few seconds'
# outage for whatever uses it); a server of something else on the port is used as it is, unsupervised.
pg_wanted() {
  local port=${DENTALINK_PG_PORT:-5432}
  if [[ -n "${DATABASE_URL:-}" && "${DENTALINK_PG_MANAGED:-}" != 1 ]]; then
    log "PostgreSQL: using DATABASE_URL (not supervised here)"; return 1
  fi
  if "$HERE/postgres.sh" running; then
    log "PostgreSQL of this checkout runs without supervisord (make infra): restarting it under supervisord"
    "$HERE/postgres.sh" stop
  elif port_open 127.0.0.1 "$port"; then
    log "another PostgreSQL answers on 127.0.0.1:$port: using it as it is, NOT supervised (DATABASE_URL says which)"
    return 1
  fi
}
kafka_wanted() {
  local port=${DENTALINK_KAFKA_PORT:-9092}
  if [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" && "${DENTALINK_KAFKA_MANAGED:-}" != 1 ]]; then
    log "Kafka: using KAFKA_BOOTSTRAP_SERVERS (not supervised here)"; return 1
  fi
  if (( ${DENTALINK_KAFKA_NODES:-1} > 1 )) && DENTALINK_KAFKA_NODES=1 "$HERE/kafka.sh" running; then
    log "the single Kafka broker of make infra runs on $port: stopping it, the cluster takes its port"
    DENTALINK_KAFKA_NODES=1 "$HERE/kafka.sh" stop
  fi
  if "$HERE/kafka.sh" running; then
    log "Kafka of this checkout runs without supervisord (make infra): restarting it under supervisord"
    "$HERE/kafka.sh" stop
  elif port_open 127.0.0.1 "$port"; then
    log "another Kafka answers on 127.0.0.1:$port: using it as it is, NOT supervised (KAFKA_BOOTSTRAP_SERVERS says which)"
    return 1
  fi
}

# config WITH_POSTGRES WITH_KAFKA — the whole supervisord.conf on stdout.
#   autorestart=true     a program that exits, whatever its exit status, is started again at once;
#   startsecs/-retries   one that exits within startsecs of its start is retried after 1 s, 2 s, 3 s…
#                        (startretries times, ~30 min for 60) before supervisord gives up (FATAL);
#   priority             start order, and the reverse stop order;
#   stopwaitsecs         then SIGKILL, to the whole process group with killasgroup.
config() {
  local with_pg=$1 with_kafka=$2
  cat <<INI
; Written by deploy/local/supervise.sh at each 'make up': edit that script, not this file.
; The offset of these programs' ports (common.sh's supervised_here reads the next line):
; DENTALINK_PORT_OFFSET=${DENTALINK_PORT_OFFSET:-0}
[supervisord]
logfile=$RUN/logs/supervisord.log
logfile_maxbytes=10MB
logfile_backups=5
loglevel=info
pidfile=$SUPERVISOR_DIR/supervisord.pid
directory=$ROOT
identifier=dentalink
childlogdir=$RUN/logs
$( [[ $(id -u) == 0 ]] && printf '%s\n' "; as root: PostgreSQL drops to its own user itself (postgres.sh run)" "user=root" )

[unix_http_server]
file=$SUPERVISOR_DIR/supervisor.sock
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$SUPERVISOR_DIR/supervisor.sock

INI
  if [[ $with_pg == 1 ]]; then
    echo "; pg_recover.sh runs before every start: it clears what a postmaster killed with -9 left behind."
    supervisor_program postgres "\"$HERE/postgres.sh\" run" 10 true 5 INT 60 false
  fi
  if [[ $with_kafka == 1 ]]; then
    local node
    for node in $("$HERE/kafka.sh" nodes); do
      supervisor_program "$("$HERE/kafka.sh" program "$node")" "\"$HERE/kafka.sh\" run $node" 20 true 10 TERM 60 true
    done
  fi
  "$HERE/stack.sh" supervisor-programs
  # Several replicas of each process (DENTALINK_REPLICAS, make up-cluster): nginx balances over them
  # on the usual ports; it stops after the gateways (its clients) and before the services. SIGQUIT is
  # nginx's graceful stop: requests in flight finish.
  if (( ${DENTALINK_REPLICAS:-1} > 1 )); then
    supervisor_program edge "\"$HERE/edge.sh\" run" 250 true 3 QUIT 30 true
  fi
  if monitoring; then monitoring_programs; fi
}

# monitoring_programs — Prometheus starts first and stops last, so it sees the others come and go;
# the PostgreSQL exporter starts after PostgreSQL and stops before it. Installed by `up` beforehand.
monitoring_programs() {
  supervisor_program prometheus "\"$HERE/prometheus.sh\" run" 5 true 3 TERM 30 true
  supervisor_program postgres-exporter "\"$HERE/postgres_exporter.sh\" run" 15 true 3 TERM 10 true
  jaeger_program
}

# jaeger_wanted — Jaeger runs with the monitoring unless DENTALINK_JAEGER=0 (prometheus.sh agrees).
jaeger_wanted() { [[ "${DENTALINK_JAEGER:-1}" != 0 ]]; }
# jaeger_program — Jaeger (deploy/local/jaeger.sh run), where every process exports its spans.
jaeger_program() {
  if jaeger_wanted; then supervisor_program jaeger "\"$HERE/jaeger.sh\" run" 15 true 3 TERM 30 true; fi
}

# monitoring_urls — what `up` prints after the processes' URLs.
monitoring_urls() {
  "$HERE/prometheus.sh" urls
  if jaeger_wanted; then
    printf '  %-16s http://127.0.0.1:%s (query API; spans of every process)\n' Jaeger \
      "$((16686 + ${DENTALINK_PORT_OFFSET:-0}))"
  fi
}

ctl_answers() { ctl pid >/dev/null 2>&1; }

up() {
  if [[ -n "${DENTALINK_DB_SUFFIX:-}" ]]; then log "DENTALINK_DB_SUFFIX is for the e2e stack (stack.sh), not make up"; return 2; fi
  mkdir -p "$SUPERVISOR_DIR"
  rm -f "$STOPPING"
  if supervisord_pid >/dev/null; then
    log "supervisord already runs (pid $(supervisord_pid)): starting what it does not run"
  else
    local with_pg=0 with_kafka=0
    if pg_wanted; then
      "$HERE/postgres.sh" prepare; with_pg=1
      # supervisord appends to the program logs; the server log of an earlier `make infra` was a link.
      if [[ -L "$RUN/logs/postgres.log" ]]; then rm -f "$RUN/logs/postgres.log"; fi
    fi
    if kafka_wanted; then "$HERE/kafka.sh" prepare; with_kafka=1; fi
    if monitoring; then
      "$HERE/prometheus.sh" install; "$HERE/postgres_exporter.sh" install
      # Built once before supervisord runs it (minutes the first time); every process exports there.
      if jaeger_wanted; then
        "$HERE/jaeger.sh" install
        OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT:-$("$HERE/jaeger.sh" endpoint)}"
        export OTEL_EXPORTER_OTLP_ENDPOINT
      fi
    fi
    # What an earlier unsupervised `stack.sh start` (or a supervisord that died) left running, by its
    # pid files: supervisord is to run those processes now. The e2e stack has pid files of its own.
    "$HERE/stack.sh" stop
    config "$with_pg" "$with_kafka" > "$SUPERVISOR_CONF.tmp"
    mv -f "$SUPERVISOR_CONF.tmp" "$SUPERVISOR_CONF"
    log "starting supervisord (config: ${SUPERVISOR_CONF#"$ROOT"/}, log: .run/logs/supervisord.log)"
    "$SUPERVISORD" -c "$SUPERVISOR_CONF"
    wait_for 30 "supervisord to answer" ctl_answers || return 1
  fi
  # Start or wait for the infrastructure, then the databases: postgres.sh/kafka.sh know them supervised.
  "$HERE/postgres.sh" start || log "PostgreSQL is not ready: see above and .run/logs/postgres.log; starting the services anyway"
  "$HERE/kafka.sh" start || log "Kafka is not ready: see above and .run/logs/kafka.log; starting the services anyway"
  # The gateways' shared counters, outside supervisord as under `make infra` (make down stops it).
  "$HERE/redis.sh" start || log "Redis is not ready: see .run/logs/redis.log; each gateway counts on its own meanwhile"
  "$HERE/stack.sh" keys
  local names; read -ra names <<<"$("$HERE/stack.sh" supervisor-names)"  # no globbing of services:*
  ctl start "${names[@]}" >/dev/null || true
  local port name waiting=() started=$SECONDS deadline=$((SECONDS + 180))
  while read -r name port; do
    if ! wait_for $(( deadline > SECONDS ? deadline - SECONDS : 1 )) "$name /ready" \
        curl -fs -o /dev/null "http://127.0.0.1:$port/ready"; then
      waiting+=("$name")
    fi
  done < <("$HERE/stack.sh" ports)
  if (( ${DENTALINK_REPLICAS:-1} > 1 )); then
    wait_for 30 "the edge to reach a gateway" curl -fs -o /dev/null "http://127.0.0.1:$((8000 + ${DENTALINK_PORT_OFFSET:-0}))/ready" \
      || waiting+=(edge)
  fi
  if (( ${#waiting[@]} )); then
    log "not ready yet: ${waiting[*]} (see .run/logs/<name>.log); supervisord keeps them running and restarts any that exits"
  else
    log "all processes ready in $((SECONDS - started))s"
  fi
  "$HERE/stack.sh" urls
  if monitoring; then
    wait_for 30 "Prometheus /-/ready" "$HERE/prometheus.sh" ready || log "Prometheus is not ready: see .run/logs/prometheus.log"
    monitoring_urls
  fi
  ctl status || true
}

# wait — supervisord's log on the terminal (a program's exit, its restart) until supervisord stops.
# Status 0 when stopped by `down`, 1 when supervisord died on its own (its programs may still run).
wait_() {
  local pid; pid=$(supervisord_pid) || { log "supervisord is not running"; return 1; }
  tail -n 0 -F --pid="$pid" "$RUN/logs/supervisord.log" 2>/dev/null || true
  if [[ -f "$STOPPING" ]]; then return 0; fi
  log "supervisord (pid $pid) exited by itself: 'make down' stops what it ran, 'make up' starts again"
  return 1
}

down() {
  local pid
  if ! pid=$(supervisord_pid); then rm -f "$SUPERVISOR_DIR/supervisord.pid"; return 0; fi
  touch "$STOPPING"
  log "stopping every program of supervisord (pid $pid): gateway, services, Kafka, PostgreSQL, Prometheus"
  ctl shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  # Worst case: 30 s for the gateway, 30 s for the services, 60 s each for Kafka and PostgreSQL.
  if ! wait_for 200 "supervisord to stop its programs" not_alive "$pid"; then
    log "supervisord did not stop: killing it ('make down' then stops what it left by their pid files)"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$SUPERVISOR_DIR/supervisord.pid"
}

status() {
  if supervisord_pid >/dev/null; then ctl status; else echo "supervisord: not running ('make up' starts it)"; return 1; fi
}

case "${1:-}" in
  up) up ;; wait) wait_ ;; down) down ;; status) status ;; config) config "${2:-1}" "${3:-1}" ;;
  *) echo "usage: $0 up|wait|down|status|config" >&2; exit 2 ;;
esac
