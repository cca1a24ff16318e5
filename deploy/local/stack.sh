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
field() { cut -d: -f"$2" <<<"$1"; }
KEYS="$RUN/keys"

export DENTALINK_INTERNAL_PUBLIC_KEY="${DENTALINK_INTERNAL_PUBLIC_KEY:-$KEYS/internal-token.pub}"
export GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY="${GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY:-$KEYS/internal-token.key}"
# Access-token signing keys on disk, so vendor tokens survive a gateway restart.
export GATEWAY_ACCESS_TOKEN_KEYS_DIR="${GATEWAY_ACCESS_TOKEN_KEYS_DIR:-$KEYS/access-tokens}"

# DENTALINK_DB_SUFFIX=_test points every process at its own database name plus the suffix, and at
# consumer groups of its own that start at the topics' current end; DENTALINK_PORT_OFFSET moves every
# port (pid and log files are named after the suffix too), and DENTALINK_TOPIC_NAMESPACE names its
# topics: the e2e tests run a stack of their own beside `make up`'s, sharing nothing with it.
SUFFIX="${DENTALINK_DB_SUFFIX:-}"
OFFSET="${DENTALINK_PORT_OFFSET:-0}"
export DENTALINK_TOPIC_NAMESPACE="${DENTALINK_TOPIC_NAMESPACE:-local}"
port_of() { echo $(( $(field "$1" 4) + OFFSET )); }
pidfile() { echo "$RUN/$(field "$1" 1)$SUFFIX.pid"; }
for prefix in INS VITALE DMP TELEMED BILLING; do
  base=$(grep -i "^${prefix}-service:" <<<"$(printf '%s\n' "${PROCESSES[@]}")" | cut -d: -f4)
  export "GATEWAY_${prefix}_URL=http://127.0.0.1:$((base + OFFSET))"
done
if [[ -n "$SUFFIX" ]]; then
  run_id="${DENTALINK_DB_SUFFIX}-$(date +%s)"
  for prefix in INS VITALE DMP TELEMED BILLING GATEWAY; do
    name=$(tr '[:upper:]' '[:lower:]' <<<"$prefix")
    export "${prefix}_DATABASE_NAME=${name}${DENTALINK_DB_SUFFIX}"
    export "${prefix}_CONSUMER_GROUP_SUFFIX=${run_id}"
    export "${prefix}_CONSUMER_START_NEW_GROUP_AT_END=true"
  done
fi

ready() { curl -fs -o /dev/null "http://127.0.0.1:$1/ready"; }

start() {
  "$PYTHON" -m gateway.keys "$KEYS" >/dev/null
  local entry name module port
  for entry in "${PROCESSES[@]}"; do
    name=$(field "$entry" 1); module="$(field "$entry" 2):$(field "$entry" 3)"; port=$(port_of "$entry")
    if [[ -f "$(pidfile "$entry")" ]] && kill -0 "$(cat "$(pidfile "$entry")")" 2>/dev/null; then continue; fi
    nohup "$PYTHON" -m uvicorn --factory "$module" --host 127.0.0.1 --port "$port" --no-access-log \
      --timeout-graceful-shutdown 20 >"$RUN/logs/$name$SUFFIX.log" 2>&1 &
    echo $! > "$(pidfile "$entry")"
  done
  local started=$SECONDS
  for entry in "${PROCESSES[@]}"; do
    name=$(field "$entry" 1); port=$(port_of "$entry")
    wait_for 90 "$name /ready" ready "$port" || { log "$name not ready: see $RUN/logs/$name$SUFFIX.log"; return 1; }
  done
  log "all six processes ready in $((SECONDS - started))s"
  for entry in "${PROCESSES[@]}"; do
    printf '  %-16s http://127.0.0.1:%s  (logs: .run/logs/%s.log)\n' "$(field "$entry" 1)" "$(port_of "$entry")" "$(field "$entry" 1)$SUFFIX"
  done
  printf '  %-16s http://127.0.0.1:%s/docs\n' "API docs" "$((8000 + OFFSET))"
  printf '  %-16s %s.*\n' "Kafka topics" "$DENTALINK_TOPIC_NAMESPACE"
}

stop() {
  local entry name pid
  for entry in "${PROCESSES[@]}"; do
    [[ -f "$(pidfile "$entry")" ]] || continue
    kill -TERM "$(cat "$(pidfile "$entry")")" 2>/dev/null || true
  done
  for entry in "${PROCESSES[@]}"; do
    name=$(field "$entry" 1)
    [[ -f "$(pidfile "$entry")" ]] || continue
    pid=$(cat "$(pidfile "$entry")")
    wait_for 30 "$name to stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
    rm -f "$(pidfile "$entry")"
  done
}

status() {
  local entry rc=0
  for entry in "${PROCESSES[@]}"; do
    if ready "$(port_of "$entry")"; then echo "$(field "$entry" 1): ready"; else echo "$(field "$entry" 1): down"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  start) start ;; stop) stop ;; status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
