# Shared helpers for deploy/local scripts. Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${DENTALINK_CACHE:-$ROOT/.cache}"
RUN="${DENTALINK_RUN:-$ROOT/.run}"
mkdir -p "$CACHE" "$RUN/logs"
log() { printf '[deploy/local] %s\n' "$*" >&2; }

# alive PID — a process that exists and is not a zombie (kill -0 succeeds on a zombie, and here the
# init process reaps orphans only every second or so).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ -n "$stat" && ${stat:0:1} != Z && ${stat:0:1} != X ]]
}
not_alive() { ! alive "$1"; }

# runs PIDFILE PATTERN — the pid in PIDFILE is a live process whose command line holds PATTERN (a
# stale pid file may name a pid reused since by something else, never to be killed).
runs() {
  local pid command
  pid=$(cat "$1" 2>/dev/null) && [[ -n "$pid" ]] && alive "$pid" || return 1
  command=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) && [[ "$command" == *"$2"* ]]
}

# port_open HOST PORT — true when something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for TIMEOUT_S DESCRIPTION COMMAND... — retries COMMAND every 0.5 s.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if (( SECONDS >= deadline )); then log "timed out after ${timeout}s waiting for $what"; return 1; fi
    sleep 0.5
  done
}

# rotate_log FILE — for the processes started without supervisord (`make infra`, the e2e stack): a log
# is appended to, never truncated, and rotated by size at a start like supervisord does it (FILE.1 is
# the newest of LOG_BACKUPS backups). Under `make up`, supervisord appends and rotates by itself.
LOG_MAX_BYTES=$((20 * 1024 * 1024))
LOG_BACKUPS=5
rotate_log() {
  local file=$1 i
  if [[ ! -f "$file" || -L "$file" ]] || (( $(stat -c %s "$file") < LOG_MAX_BYTES )); then return 0; fi
  for (( i = LOG_BACKUPS - 1; i >= 1; i-- )); do
    if [[ -f "$file.$i" ]]; then mv -f "$file.$i" "$file.$((i + 1))"; fi
  done
  mv -f "$file" "$file.1"
}

# `make up` runs every process under one supervisord (deploy/local/supervise.sh): its state lives in
# $RUN/supervisor. While it runs, the start/stop of the other scripts go through it for the processes
# it manages, so that it neither fights a second copy nor restarts what was stopped on purpose.
SUPERVISOR_DIR="$RUN/supervisor"
SUPERVISOR_CONF="$SUPERVISOR_DIR/supervisord.conf"
supervisord_pid() { local pid; pid=$(cat "$SUPERVISOR_DIR/supervisord.pid" 2>/dev/null) && alive "$pid" && echo "$pid"; }
# supervised PROGRAM — true when a running supervisord of this checkout manages PROGRAM.
supervised() { supervisord_pid >/dev/null && grep -q "^\[program:$1\]" "$SUPERVISOR_CONF" 2>/dev/null; }
ctl() { "$ROOT/.venv/bin/supervisorctl" -c "$SUPERVISOR_CONF" "$@"; }

# supervisor_program NAME COMMAND PRIORITY AUTOSTART STARTSECS STOPSIGNAL STOPWAITSECS STOPASGROUP —
# one supervisord.conf [program:] section (supervise.sh explains the settings); its log is
# .run/logs/NAME.log, appended and rotated by supervisord.
supervisor_program() {
  cat <<INI
[program:$1]
command=$2
directory=$ROOT
priority=$3
autostart=$4
autorestart=true
startsecs=$5
startretries=${DENTALINK_START_RETRIES:-60}
stopsignal=$6
stopwaitsecs=$7
stopasgroup=$8
killasgroup=true
redirect_stderr=true
stdout_logfile=$RUN/logs/$1.log
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=5

INI
}

# apt_install PACKAGE... — Debian packages without starting the daemons their maintainer scripts start
# (prometheus and prometheus-postgres-exporter ship init scripts): the scripts here run them, on
# their own ports. A policy-rc.d answering 101 ("action forbidden") is Debian's way to say so.
apt_install() {
  local guard=/usr/sbin/policy-rc.d created=0 rc=0
  if [[ ! -e $guard ]]; then printf '#!/bin/sh\nexit 101\n' >"$guard" && chmod 755 "$guard" && created=1; fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } || rc=$?
  if (( created )); then rm -f "$guard"; fi
  return $rc
}

# Monitoring ports (README.md's Ports table). Prometheus and the PostgreSQL exporter move with
# DENTALINK_PORT_OFFSET like the processes they watch; the Kafka broker's metrics agent follows the
# broker's own port (9092 → 9404), as the e2e stack (offset 10000) uses `make infra`'s broker on 9092.
prometheus_port() { echo $(( 9090 + ${DENTALINK_PORT_OFFSET:-0} )); }
pg_exporter_port() { echo $(( 9187 + ${DENTALINK_PORT_OFFSET:-0} )); }
# kafka_topic_layout — "PARTITIONS REPLICATION MIN_ISR" of a topic on this Kafka: one node, 3 1 1; a
# cluster of three (DENTALINK_KAFKA_NODES=3), 6 partitions (room for replicas to share the work), 3
# replicas, 2 of them in sync to accept a write (acks=all): a broker may be lost, no event with it.
# kafka.sh gives it to the brokers' internal topics, stack.sh to the services that create theirs.
kafka_topic_layout() {
  if (( ${DENTALINK_KAFKA_NODES:-1} > 1 )); then echo "${DENTALINK_KAFKA_PARTITIONS:-6} 3 2"; else echo "3 1 1"; fi
}
kafka_metrics_port() { echo "${DENTALINK_KAFKA_METRICS_PORT:-$(( ${DENTALINK_KAFKA_PORT:-9092} + 312 ))}"; }
# offset_tag — what names the pid file, log and data of a monitoring process started under an offset
# ("" for make up's, "-10000" for the e2e stack's), so both can run from one checkout.
offset_tag() { if (( ${DENTALINK_PORT_OFFSET:-0} )); then echo "-${DENTALINK_PORT_OFFSET}"; fi; }
# supervised_here PROGRAM — PROGRAM is managed by a running supervisord of this checkout started under
# the same port offset (supervise.sh writes it into the config): an e2e Prometheus is never `make up`'s.
supervised_here() {
  supervised "$1" && grep -qx "; DENTALINK_PORT_OFFSET=${DENTALINK_PORT_OFFSET:-0}" "$SUPERVISOR_CONF"
}

# stop_server PID_FILE TIMEOUT LABEL CHECK... — stop one of these scripts' servers: through make up's
# supervisord when CHECK (e.g. `supervised_here jaeger`, its last word the program) says it manages
# it, else by its pid file while the caller's `running` says it lives: TERM, then KILL after TIMEOUT s.
stop_server() {
  local pid_file=$1 timeout=$2 label=$3 pid; shift 3
  if "$@"; then
    log "stopping $label through make up's supervisord ('make up' starts it again)"
    ctl stop "${@: -1}" >/dev/null || true
    rm -f "$pid_file"; return 0
  fi
  running || { rm -f "$pid_file"; return 0; }
  pid=$(cat "$pid_file")
  log "stopping $label (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  wait_for "$timeout" "$label to stop" not_alive "$pid" || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}
