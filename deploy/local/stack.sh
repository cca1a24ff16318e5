#!/usr/bin/env bash
# The six services and the gateway as local processes (uvicorn), logs under .run/logs.
# Usage: stack.sh start|stop|status|urls|keys|ports|upstreams|metrics-targets|run NAME|supervisor-programs|supervisor-names
#   start/stop — every process in the background (the e2e tests' own stack); while `make up`'s
#                supervisord runs this stack, they ask it to start/stop its programs instead.
#   run NAME   — one process in the foreground, for supervisord (deploy/local/supervise.sh), which
#                gets its programs' configuration from `supervisor-programs`.
#   upstreams  — with DENTALINK_REPLICAS > 1: "PROCESS PORT REPLICA_PORT…" per process, for the edge.
# DENTALINK_REPLICAS=2 (`make up-cluster`) runs each process twice, as instances NAME-1 and NAME-2 on
# ports of their own (the process's port + 600, + 610: gateway 8600/8610, ins-service 8701/8711…), and
# deploy/local/edge.sh's nginx listens on the process's usual port, balancing over them. Each instance
# runs one worker (replicas, not WEB_CONCURRENCY, are how cluster mode scales) and has its own admin
# port (its port + 1000) and, for a gateway, its own instance name.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PROCESSES=(
  "ins-service:ins_service.main:build:8101"
  "vitale-service:vitale_service.main:build:8102"
  "dmp-service:dmp_service.main:build:8103"
  "telemed-service:telemed_service.main:build:8104"
  "billing-service:billing_service.main:build:8105"
  "webhook-service:webhook_service.main:build:8106"
  "gateway:gateway.main:build:8000"
)
PYTHON="$ROOT/.venv/bin/python"
field() { cut -d: -f"$2" <<<"$1"; }
REPLICAS="${DENTALINK_REPLICAS:-1}"
REPLICA_PORT_SHIFT=600
REPLICA_PORT_STRIDE=10
# INSTANCES — what runs: "NAME:MODULE:FACTORY:PORT:PROCESS", the process itself or each of its replicas.
INSTANCES=()
for entry in "${PROCESSES[@]}"; do
  if (( REPLICAS == 1 )); then INSTANCES+=("$entry:$(field "$entry" 1)"); continue; fi
  for (( replica = 1; replica <= REPLICAS; replica++ )); do
    INSTANCES+=("$(field "$entry" 1)-$replica:$(field "$entry" 2):$(field "$entry" 3):$(( $(field "$entry" 4) + REPLICA_PORT_SHIFT + (replica - 1) * REPLICA_PORT_STRIDE )):$(field "$entry" 1)")
  done
done
KEYS="$RUN/keys"

export DENTALINK_INTERNAL_PUBLIC_KEY="${DENTALINK_INTERNAL_PUBLIC_KEY:-$KEYS/internal-token.pub}"
export GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY="${GATEWAY_INTERNAL_TOKEN_PRIVATE_KEY:-$KEYS/internal-token.key}"
# Access-token signing keys on disk, so vendor tokens survive a gateway restart.
export GATEWAY_ACCESS_TOKEN_KEYS_DIR="${GATEWAY_ACCESS_TOKEN_KEYS_DIR:-$KEYS/access-tokens}"
# The sandbox Pro Santé Connect issuer's key on disk too: sandbox ID tokens survive a restart.
export GATEWAY_PSC_SANDBOX_PRIVATE_KEY="${GATEWAY_PSC_SANDBOX_PRIVATE_KEY:-$KEYS/psc-sandbox.key}"

# DENTALINK_DB_SUFFIX=_test points every process at its own database name plus the suffix, and at
# consumer groups of its own that start at the topics' current end; DENTALINK_PORT_OFFSET moves every
# port (pid and log files are named after the suffix too), and DENTALINK_TOPIC_NAMESPACE names its
# topics: the e2e tests run a stack of their own beside `make up`'s, sharing nothing with it.
SUFFIX="${DENTALINK_DB_SUFFIX:-}"
OFFSET="${DENTALINK_PORT_OFFSET:-0}"
export DENTALINK_TOPIC_NAMESPACE="${DENTALINK_TOPIC_NAMESPACE:-local}"
port_of() { echo $(( $(field "$1" 4) + OFFSET )); }
pidfile() { echo "$RUN/$(field "$1" 1)$SUFFIX.pid"; }
prefix_of() { local name=${1%-service}; tr '[:lower:]' '[:upper:]' <<<"$name"; }
PREFIXES=()  # each process's settings prefix (INS, VITALE, …, GATEWAY)
for entry in "${PROCESSES[@]}"; do
  PREFIXES+=("$(prefix_of "$(field "$entry" 1)")")
  # Where the gateway finds each service (its usual port: the process, or the edge before its replicas).
  [[ "$(field "$entry" 1)" == gateway ]] || export "GATEWAY_$(prefix_of "$(field "$entry" 1)")_URL=http://127.0.0.1:$(port_of "$entry")"
done
# On a Kafka cluster (DENTALINK_KAFKA_NODES=3, `make up-cluster`): every node to bootstrap from (a
# process restarted while one node is down still finds the others), and topics made as the brokers'
# own internal topics are (common.sh kafka_topic_layout).
if (( ${DENTALINK_KAFKA_NODES:-1} > 1 )); then
  export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-$("$ROOT/deploy/local/kafka.sh" bootstrap)}"
  read -r partitions replication min_isr <<<"$(kafka_topic_layout)"
  for prefix in "${PREFIXES[@]}"; do
    export "${prefix}_KAFKA_TOPIC_PARTITIONS=$partitions" "${prefix}_KAFKA_REPLICATION_FACTOR=$replication"
    export "${prefix}_KAFKA_MIN_INSYNC_REPLICAS=$min_isr"
  done
fi
# Each process serves /metrics (and a service its /docs) on its admin port, its port + 1000 (gateway
# 9000, ins-service 9101…), as in production where only the admin port is scraped (servicekit.admin).
# WEB_CONCURRENCY (or <PREFIX>_WEB_CONCURRENCY for one process, e.g. INS_WEB_CONCURRENCY) runs that many
# uvicorn workers on the process's port, default 1; each worker serves its metrics on a slot of its
# own, admin port + 10 × slot (ins-service 9101, 9111…; up to 9 workers a process, the gateway's tenth
# would be Prometheus's 9090), all of them scraped (metrics-targets).
ADMIN_PORT_SHIFT=1000
ADMIN_SLOT_STRIDE=10
admin_port_of() { echo $(( $(port_of "$1") + ADMIN_PORT_SHIFT )); }
workers_of() {  # INSTANCE
  (( REPLICAS == 1 )) || { echo 1; return; }
  local own; own="$(prefix_of "$(field "$1" 5)")_WEB_CONCURRENCY"
  echo "${!own:-${WEB_CONCURRENCY:-1}}"
}
admin_ports_of() {  # ENTRY — one port per worker slot
  local slot; for (( slot = 0; slot < $(workers_of "$1"); slot++ )); do
    echo $(( $(admin_port_of "$1") + slot * ADMIN_SLOT_STRIDE ))
  done
}
# instance_env INSTANCE — what differs between instances of one process: admin port, gateway name.
instance_env() {
  local prefix; prefix=$(prefix_of "$(field "$1" 5)")
  echo "${prefix}_ADMIN_PORT=$(admin_port_of "$1")" "${prefix}_ADMIN_SLOT_STRIDE=$ADMIN_SLOT_STRIDE"
  if [[ "$(field "$1" 5)" == gateway ]]; then
    if (( REPLICAS == 1 )); then echo "GATEWAY_INSTANCE=$GATEWAY_INSTANCE"; else echo "GATEWAY_INSTANCE=$(hostname)-$(port_of "$1")"; fi
  fi
}
# The gateway's name among the gateways of its database: it releases the Idempotency-Keys it held
# in flight when it starts again after a crash (gateway Settings.instance).
export GATEWAY_INSTANCE="${GATEWAY_INSTANCE:-$(hostname)-$((8000 + OFFSET))}"
# The address the OAuth metadata and the tokens' issuer name: this stack's gateway (issue 16).
export GATEWAY_PUBLIC_URL="${GATEWAY_PUBLIC_URL:-http://127.0.0.1:$((8000 + OFFSET))}"
# Rate-limit and failed-login counters shared by the gateways: deploy/local/redis.sh's Redis (`make
# infra`), database 0 for `make up`, 1 for the e2e stack. Without Redis the gateway counts on its own.
redis_db=0; [[ -z "$SUFFIX" ]] || redis_db=1
export GATEWAY_RATE_LIMIT_STORAGE_URL="${GATEWAY_RATE_LIMIT_STORAGE_URL:-redis://127.0.0.1:${DENTALINK_REDIS_PORT:-6379}/$redis_db}"
if [[ -n "$SUFFIX" ]]; then
  run_id="${DENTALINK_DB_SUFFIX}-$(date +%s)"
  for prefix in "${PREFIXES[@]}"; do
    name=$(tr '[:upper:]' '[:lower:]' <<<"$prefix")
    export "${prefix}_DATABASE_NAME=${name}${DENTALINK_DB_SUFFIX}"
    export "${prefix}_CONSUMER_GROUP_SUFFIX=${run_id}"
    export "${prefix}_CONSUMER_START_NEW_GROUP_AT_END=true"
  done
fi

ready() { curl -fs -o /dev/null "http://127.0.0.1:$1/ready"; }

# --reset-contextvars: each request starts from an empty context. Without it, asyncio hands a request
# on a kept-alive connection the context of the one before (CPython issue 140947): its server span
# became a child of that earlier, unrelated request, chaining a client's calls into one trace.
# --timeout-keep-alive 75: uvicorn's default 5 s equals the Retry-After a 503 asks for, so a client
# coming back on its idle kept-alive connection met the server closing it at that very moment
# (RemoteProtocolError, seen by the chaos suite); an idle connection is kept longer than any
# Retry-After, and longer than a load balancer's usual 60 s idle timeout, as a backend should.
# --workers: uvicorn's parent process restarts a worker that dies; the new one takes its admin slot.
uvicorn_args() {  # INSTANCE
  local assignments; read -ra assignments <<<"$(instance_env "$1")"
  UVICORN=(env "${assignments[@]}" "$PYTHON" -m uvicorn --factory "$(field "$1" 2):$(field "$1" 3)" --host 127.0.0.1
    --port "$(port_of "$1")" --no-access-log --timeout-graceful-shutdown 20 --reset-contextvars
    --timeout-keep-alive 75 --workers "$(workers_of "$1")")
}
entry_of() {  # NAME — the instance of that name
  local entry
  for entry in "${INSTANCES[@]}"; do [[ "$(field "$entry" 1)" == "$1" ]] && { echo "$entry"; return 0; }; done
  log "no process named $1"; return 1
}
keys() { "$PYTHON" -m gateway.keys "$KEYS" >/dev/null; }

# The programs of `make up`'s supervisord (the unsuffixed stack only): the six services in one group,
# stopped together, and the gateway, started after and stopped before them.
SERVICE_NAMES=() GATEWAY_NAMES=()
for entry in "${INSTANCES[@]}"; do
  if [[ "$(field "$entry" 5)" == gateway ]]; then GATEWAY_NAMES+=("$(field "$entry" 1)"); else SERVICE_NAMES+=("$(field "$entry" 1)"); fi
done
supervised_stack() { [[ -z "$SUFFIX" ]] && supervised "${GATEWAY_NAMES[0]}"; }
# What supervisorctl starts or stops: the group at once (its processes in parallel), then the gateway(s).
supervisor_names() { if (( REPLICAS == 1 )); then echo "services:* gateway"; else echo "services:* gateways:*"; fi; }

start() {
  if supervised_stack; then
    log "the stack runs under make up's supervisord: starting its programs"
    local names; read -ra names <<<"$(supervisor_names)"  # no globbing of services:*
    ctl start "${names[@]}" >/dev/null || true
  fi
  keys
  local entry name port
  for entry in "${INSTANCES[@]}"; do
    name=$(field "$entry" 1)
    if runs "$(pidfile "$entry")" uvicorn; then continue; fi
    supervised_stack && continue
    uvicorn_args "$entry"
    rotate_log "$RUN/logs/$name$SUFFIX.log"  # appended, never truncated: a crash's evidence stays
    nohup "${UVICORN[@]}" >>"$RUN/logs/$name$SUFFIX.log" 2>&1 &
    echo $! > "$(pidfile "$entry")"
  done
  local started=$SECONDS
  for entry in "${INSTANCES[@]}"; do
    name=$(field "$entry" 1); port=$(port_of "$entry")
    wait_for 90 "$name /ready" ready "$port" || { log "$name not ready: see $RUN/logs/$name$SUFFIX.log"; return 1; }
  done
  if (( REPLICAS > 1 )) && ! supervised_stack; then "$ROOT/deploy/local/edge.sh" start; fi
  log "all ${#INSTANCES[@]} processes ready in $((SECONDS - started))s"
  urls
}

ports() { local entry; for entry in "${INSTANCES[@]}"; do echo "$(field "$entry" 1) $(port_of "$entry")"; done; }
# upstreams — "PROCESS PORT REPLICA_PORT…": where the edge listens for a process, and its replicas.
upstreams() {
  local entry instance ports
  for entry in "${PROCESSES[@]}"; do
    ports=()
    for instance in "${INSTANCES[@]}"; do
      [[ "$(field "$instance" 5)" == "$(field "$entry" 1)" ]] && ports+=("$(port_of "$instance")")
    done
    echo "$(field "$entry" 1) $(( $(field "$entry" 4) + OFFSET )) ${ports[*]}"
  done
}
# metrics-targets — "NAME ADMIN_PORT" per worker slot of each process: what prometheus.sh generates its
# scrape jobs from.
metrics_targets() {
  local entry port
  for entry in "${INSTANCES[@]}"; do
    for port in $(admin_ports_of "$entry"); do echo "$(field "$entry" 1) $port"; done
  done
}

urls() {
  local entry
  for entry in "${INSTANCES[@]}"; do
    printf '  %-16s http://127.0.0.1:%s  (metrics: %s, logs: .run/logs/%s.log)\n' "$(field "$entry" 1)" \
      "$(port_of "$entry")" "$(admin_ports_of "$entry" | sed 's|.*|:&/metrics|' | paste -sd' ')" \
      "$(field "$entry" 1)$SUFFIX"
  done
  printf '  %-16s http://127.0.0.1:%s/docs\n' "API docs" "$((8000 + OFFSET))"
  printf '  %-16s %s.*\n' "Kafka topics" "$DENTALINK_TOPIC_NAMESPACE"
}

# run NAME — one process in the foreground (supervisord's program NAME); its pid file is written for
# the tools that read it (bench/footprint.py) and for `stop` should supervisord itself be gone.
run() {
  local entry; entry=$(entry_of "${1:?usage: stack.sh run NAME}")
  uvicorn_args "$entry"
  echo $$ > "$(pidfile "$entry")"
  exec "${UVICORN[@]}"
}

# supervisor-programs — supervisord.conf sections for the seven processes (common.sh's
# supervisor_program; supervise.sh explains the settings).
supervisor_programs() {
  local entry name priority
  for entry in "${INSTANCES[@]}"; do
    name=$(field "$entry" 1)
    if [[ "$(field "$entry" 5)" == gateway ]]; then priority=300; else priority=200; fi
    supervisor_program "$name" "\"$ROOT/deploy/local/stack.sh\" run $name" "$priority" false 3 TERM 30 true
  done
  printf '[group:services]\nprograms=%s\npriority=200\n\n' "$(IFS=,; echo "${SERVICE_NAMES[*]}")"
  if (( REPLICAS > 1 )); then printf '[group:gateways]\nprograms=%s\npriority=300\n\n' "$(IFS=,; echo "${GATEWAY_NAMES[*]}")"; fi
}

stop() {
  local entry name pid
  if supervised_stack; then
    log "the stack runs under make up's supervisord: stopping its programs ('$0 start' or 'make up' starts them again)"
    local names; read -ra names <<<"$(supervisor_names)"
    ctl stop "${names[@]}" >/dev/null || true
  fi
  for entry in "${INSTANCES[@]}"; do
    runs "$(pidfile "$entry")" uvicorn || continue
    kill -TERM "$(cat "$(pidfile "$entry")")" 2>/dev/null || true
  done
  for entry in "${INSTANCES[@]}"; do
    name=$(field "$entry" 1)
    [[ -f "$(pidfile "$entry")" ]] || continue
    if runs "$(pidfile "$entry")" uvicorn; then
      pid=$(cat "$(pidfile "$entry")")
      wait_for 30 "$name to stop" not_alive "$pid" || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$(pidfile "$entry")"
  done
}

status() {
  local entry rc=0
  for entry in "${INSTANCES[@]}"; do
    if ready "$(port_of "$entry")"; then echo "$(field "$entry" 1): ready"; else echo "$(field "$entry" 1): down"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  start) start ;; stop) stop ;; status) status ;; urls) urls ;; keys) keys ;; run) run "${2:-}" ;;
  supervisor-programs) supervisor_programs ;; supervisor-names) supervisor_names ;; ports) ports ;;
  metrics-targets) metrics_targets ;; upstreams) upstreams ;;
  *) echo "usage: $0 start|stop|status|urls|keys|ports|upstreams|metrics-targets|run NAME|supervisor-programs|supervisor-names" >&2; exit 2 ;;
esac
