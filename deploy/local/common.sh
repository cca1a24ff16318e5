# Shared helpers for deploy/local scripts. Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${DENTALINK_CACHE:-$ROOT/.cache}"
RUN="${DENTALINK_RUN:-$ROOT/.run}"
mkdir -p "$CACHE" "$RUN/logs"
log() { printf '[deploy/local] %s\n' "$*" >&2; }

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
