#!/usr/bin/env bash
# The five services and the gateway as local processes (uvicorn), logs under .run/logs.
# Usage: stack.sh start|stop|status|foreground
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PROCESSES=(
  "ins-service:ins_service.main:build:8101"
  "vitale-service:vitale_service.main:build:8102"
  "dmp-service:dmp_service.main:build:8103"
  "telemed-service:telemed_service.main:build:8104"
  "billing-service:billing_service.main:build:8105"
  "gateway:gateway.main:build:8000"
)
PYTHON="$ROOT/.venv/bin/python"
KEYS="$RUN/keys"

export DENTALINK_INTERNAL_PUBLIC_KEY="${DENTALINK_INTERNAL_PUBLIC_KEY:-$KEYS/internal-token.pub}"
export GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY="${GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY:-$KEYS/internal-token.key}"
# Access-token signing keys on disk, so vendor tokens survive a gateway restart.
export GATEWAY_ACCESS_TOKEN_KEYS_DIR="${GATEWAY_ACCESS_TOKEN_KEYS_DIR:-$KEYS/access-tokens}"

# DENTALINK_DB_SUFFIX=_test points every process at its own database name plus the suffix, and at
# consumer groups of its own that start at the topics' current end: the e2e tests run this stack on
# freshly reset databases, apart from `make up`'s data and from events earlier suites published.
if [[ -n "${DENTALINK_DB_SUFFIX:-}" ]]; then
  run_id="${DENTALINK_DB_SUFFIX}-$(date +%s)"
  for prefix in INS VITALE DMP TELEMED BILLING GATEWAY; do
    name=$(tr '[:upper:]' '[:lower:]' <<<"$prefix")
    export "${prefix}_DATABASE_NAME=${name}${DENTALINK_DB_SUFFIX}"
    export "${prefix}_CONSUMER_GROUP_SUFFIX=${run_id}"
    export "${prefix}_CONSUMER_START_NEW_GROUP_AT_END=true"
  done
fi

field() { cut -d: -f"$2" <<<"$1"; }
ready() { curl -fs -o /dev/null "http://127.0.0.1:$1/ready"; }

start() {
  "$PYTHON" -m gateway.keys "$KEYS" >/dev/null
  local entry name module port
  for entry in "${PROCESSES[@]}"; do
    name=$(field "$entry" 1); module="$(field "$entry" 2):$(field "$entry" 3)"; port=$(field "$entry" 4)
    if [[ -f "$RUN/$name.pid" ]] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then continue; fi
    nohup "$PYTHON" -m uvicorn --factory "$module" --host 127.0.0.1 --port "$port" --no-access-log \
      --timeout-graceful-shutdown 20 >"$RUN/logs/$name.log" 2>&1 &
    echo $! > "$RUN/$name.pid"
  done
  local started=$SECONDS
  for entry in "${PROCESSES[@]}"; do
    name=$(field "$entry" 1); port=$(field "$entry" 4)
    wait_for 90 "$name /ready" ready "$port" || { log "$name not ready: see $RUN/logs/$name.log"; return 1; }
  done
  log "all six processes ready in $((SECONDS - started))s"
  for entry in "${PROCESSES[@]}"; do
    printf '  %-16s http://127.0.0.1:%s  (logs: .run/logs/%s.log)\n' "$(field "$entry" 1)" "$(field "$entry" 4)" "$(field "$entry" 1)"
  done
  printf '  %-16s http://127.0.0.1:8000/docs\n' "API docs"
}

stop() {
  local entry name pid
  for entry in "${PROCESSES[@]}"; do
    name=$(field "$entry" 1)
    [[ -f "$RUN/$name.pid" ]] || continue
    pid=$(cat "$RUN/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
  done
  for entry in "${PROCESSES[@]}"; do
    name=$(field "$entry" 1)
    [[ -f "$RUN/$name.pid" ]] || continue
    pid=$(cat "$RUN/$name.pid")
    wait_for 30 "$name to stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
    rm -f "$RUN/$name.pid"
  done
}

status() {
  local entry rc=0
  for entry in "${PROCESSES[@]}"; do
    if ready "$(field "$entry" 4)"; then echo "$(field "$entry" 1): ready"; else echo "$(field "$entry" 1): down"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  start) start ;; stop) stop ;; status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
