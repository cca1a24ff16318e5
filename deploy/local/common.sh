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
