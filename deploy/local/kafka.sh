#!/usr/bin/env bash
# Apache Kafka (KRaft) from Maven Central jars, no Docker: one node, or a cluster of three.
# Usage: kafka.sh install|start|stop|status|run [NODE]|running|bootstrap|kill NODE|nodes|program NODE
#   start/stop — the node(s) in the background, as `make infra` wants them; while `make up`'s supervisord
#                manages Kafka, they ask it to start/stop its program instead. `start` also starts again
#                a node of a cluster that is down (after `kill`), the others going on.
#   run [NODE] — one node in the foreground, for supervisord (deploy/local/supervise.sh).
#   running    — true when this checkout's broker runs (by its pid file), whoever started it.
#   prepare    — install, write every node's configuration, format the storage of a new node.
#   bootstrap  — the bootstrap servers of the node(s), comma-separated.
#   kill NODE  — SIGKILL one node of a cluster (the chaos tests: a broker lost without warning).
# DENTALINK_KAFKA_NODES=3 runs a cluster of three combined broker+controller nodes (controller quorum
# of three) on DENTALINK_KAFKA_PORT, +2, +4 (9092/9094/9096; controllers on each port + 1), with
# replication 3 and min.insync.replicas 2 for its internal topics; its data, pid files and logs are
# named after the node's port, apart from the single node's.
# With KAFKA_BOOTSTRAP_SERVERS set, that broker is used: nothing is installed or started.
# The broker's metrics: the Prometheus JMX exporter java agent (kafka/metrics-pom.xml) rides in its
# JVM, serving the MBeans kafka/jmx-exporter.yaml selects (and the JVM's) on 127.0.0.1:<Kafka port
# + 312> (9404 for 9092); DENTALINK_KAFKA_METRICS=0 runs the broker without it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KAFKA_PORT="${DENTALINK_KAFKA_PORT:-9092}"
NODES="${DENTALINK_KAFKA_NODES:-1}"
[[ "$NODES" == 1 || "$NODES" == 3 ]] || { log "DENTALINK_KAFKA_NODES is 1 or 3, not $NODES"; exit 2; }
KAFKA_HOME="$CACHE/kafka"
CLUSTER_DIR="$RUN/kafka-cluster-$KAFKA_PORT"
if (( NODES == 1 )); then DEFAULT_HEAP="-Xms128m -Xmx512m"; else DEFAULT_HEAP="-Xms96m -Xmx320m"; fi
HEAP="${DENTALINK_KAFKA_HEAP:-$DEFAULT_HEAP}"
HERE="$ROOT/deploy/local"
METRICS_HOME="$CACHE/kafka-metrics"
METRICS_RULES="$HERE/kafka/jmx-exporter.yaml"

node_port() { echo $(( KAFKA_PORT + 2 * ($1 - 1) )); }
# select_node N — the node the functions below act on: its ports, data, pid file, configuration, log.
select_node() {
  NODE=$1
  AGENT=()  # another node's metrics agent must not ride in this node's storage tool
  PORT=$(node_port "$NODE")
  if (( NODES == 1 )); then
    CONTROLLER_PORT="${DENTALINK_KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
    DATA_DIR="$RUN/kafka-data"; PID_FILE="$RUN/kafka.pid"; PROPS="$RUN/kafka-server.properties"
    LOG_FILE="$RUN/logs/kafka.log"; METRICS_PORT=$(kafka_metrics_port)
  else
    CONTROLLER_PORT=$((PORT + 1))
    DATA_DIR="$CLUSTER_DIR/node-$NODE"; PID_FILE="$RUN/kafka-$PORT.pid"; PROPS="$CLUSTER_DIR/node-$NODE.properties"
    LOG_FILE="$RUN/logs/kafka-$PORT.log"; METRICS_PORT=$((PORT + 312))
  fi
}
select_node 1
# program [NODE] — the node's supervisord program under `make up` (kafka, or kafka-N on a cluster).
program() { if (( NODES == 1 )); then echo kafka; else echo "kafka-${1:-$NODE}"; fi; }
nodes() { seq 1 "$NODES"; }
programs() { local i; for i in $(nodes); do program "$i"; done; }
voters() {
  if (( NODES == 1 )); then echo "1@127.0.0.1:$CONTROLLER_PORT"; return; fi
  local i out=(); for i in $(nodes); do out+=("$i@127.0.0.1:$(( $(node_port "$i") + 1 ))"); done
  (IFS=,; echo "${out[*]}")
}
local_bootstrap() {
  local i out=(); for i in $(nodes); do out+=("127.0.0.1:$(node_port "$i")"); done
  (IFS=,; echo "${out[*]}")
}

external() { [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" && "${DENTALINK_KAFKA_MANAGED:-}" != 1 ]]; }
address() { if external; then echo "${KAFKA_BOOTSTRAP_SERVERS%%,*}"; else echo "127.0.0.1:$PORT"; fi; }
# answering — the selected node (or the external broker) answers, knowing of every node of its cluster.
answering() { python3 "$HERE/kafka_ping.py" "$(address)" "$(external && echo 1 || echo "$NODES")"; }
running() { runs "$PID_FILE" kafka.Kafka; }

install() {
  command -v java >/dev/null || { log "installing a Java runtime"; apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless maven; }
  command -v mvn >/dev/null || { apt-get update -qq && apt-get install -y -qq maven; }
  local stamp="$KAFKA_HOME/.pom.sha256" want
  want=$(sha256sum "$HERE/kafka/pom.xml" | cut -d' ' -f1)
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    log "resolving Apache Kafka jars from Maven Central"
    rm -rf "$KAFKA_HOME/libs"; mkdir -p "$KAFKA_HOME/libs"
    mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_HOME/libs" -DincludeScope=runtime
    echo "$want" > "$stamp"
  fi
  install_metrics_agent
}

install_metrics_agent() {
  local stamp="$METRICS_HOME/.pom.sha256" want
  want=$(sha256sum "$HERE/kafka/metrics-pom.xml" | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  log "resolving the Prometheus JMX exporter agent from Maven Central"
  rm -rf "$METRICS_HOME"; mkdir -p "$METRICS_HOME"
  mvn -q -B -f "$HERE/kafka/metrics-pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$METRICS_HOME" -DincludeScope=runtime
  echo "$want" > "$stamp"
}

# metrics_agent — the -javaagent option for the broker, or none: DENTALINK_KAFKA_METRICS=0, or its
# port taken (the broker matters more than its metrics, so it starts without them and says so).
metrics_agent() {
  AGENT=()
  [[ "${DENTALINK_KAFKA_METRICS:-1}" != 0 ]] || return 0
  if port_open 127.0.0.1 "$METRICS_PORT"; then
    log "port $METRICS_PORT is taken: Kafka starts WITHOUT its metrics agent"; return 0
  fi
  AGENT=("-javaagent:$(ls "$METRICS_HOME"/jmx_prometheus_javaagent-*.jar)=127.0.0.1:$METRICS_PORT:$METRICS_RULES")
}

java_cmd() {
  # shellcheck disable=SC2206
  JAVA_CMD=(java $HEAP "${AGENT[@]}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$HERE/kafka/log4j2.yaml" -cp "$KAFKA_HOME/libs/*" "$@")
}
java_run() { java_cmd "$@"; "${JAVA_CMD[@]}"; }

AGENT=()  # the broker's only (metrics_agent), not the storage tool's

# prepare — install the jars, write the selected node's configuration, format its storage when new
# (every node of a cluster with the cluster's one id).
prepare() {
  install
  mkdir -p "$DATA_DIR"
  local partitions replication min_isr
  read -r partitions replication min_isr <<<"$(kafka_topic_layout)"
  sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
    -e "s|@NODE_ID@|$NODE|g" -e "s|@VOTERS@|$(voters)|g" -e "s|@REPLICATION@|$replication|g" \
    -e "s|@MIN_ISR@|$min_isr|g" -e "s|@PARTITIONS@|$partitions|g" \
    "$HERE/kafka/server.properties.in" > "$PROPS.tmp"
  mv -f "$PROPS.tmp" "$PROPS"
  if [[ ! -f "$DATA_DIR/meta.properties" ]]; then
    local cluster_id
    if (( NODES > 1 )); then
      [[ -s "$CLUSTER_DIR/cluster-id" ]] || java_run kafka.tools.StorageTool random-uuid > "$CLUSTER_DIR/cluster-id"
      cluster_id=$(cat "$CLUSTER_DIR/cluster-id")
    else
      cluster_id=$(java_run kafka.tools.StorageTool random-uuid)
    fi
    java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$PROPS" >/dev/null
  fi
}

# start_node — the selected node in the background, unless it runs.
start_node() {
  if running || { (( NODES == 1 )) && answering; }; then return 0; fi
  prepare
  log "starting Kafka node $NODE on 127.0.0.1:$PORT (logs: $LOG_FILE)"
  metrics_agent
  java_cmd kafka.Kafka "$PROPS"
  rotate_log "$LOG_FILE"
  nohup "${JAVA_CMD[@]}" >>"$LOG_FILE" 2>&1 &
  echo $! > "$PID_FILE"
}

start() {
  if external; then
    log "using external Kafka at $KAFKA_BOOTSTRAP_SERVERS"
    wait_for 60 "Kafka at $(address)" answering; return
  fi
  if supervised "$(program 1)"; then
    # shellcheck disable=SC2046
    ctl start $(programs) >/dev/null || true  # no-op when running; a stopped program is started again
    wait_for 120 "Kafka (supervised by make up: .run/logs/kafka*.log)" answering; return
  fi
  local i
  for (( i = 1; i <= NODES; i++ )); do select_node "$i"; start_node; done
  for (( i = 1; i <= NODES; i++ )); do
    select_node "$i"
    wait_for 120 "Kafka node $i to answer a metadata request" answering
  done
  log "Kafka ready ($(local_bootstrap))"
}

# run [NODE] — one node in the foreground (supervisord's program); stops cleanly on SIGTERM.
run() {
  if external; then log "KAFKA_BOOTSTRAP_SERVERS is set: Kafka is not run here"; return 1; fi
  select_node "${1:-1}"
  if port_open 127.0.0.1 "$PORT"; then log "port $PORT is taken: Kafka already runs outside supervisord?"; return 1; fi
  prepare
  echo $$ > "$PID_FILE"  # the broker's pid once exec'd (bench/footprint.py reads it)
  metrics_agent
  java_cmd kafka.Kafka "$PROPS"
  exec "${JAVA_CMD[@]}"
}

kill_node() {
  (( NODES > 1 )) || { log "kill NODE is for a cluster (DENTALINK_KAFKA_NODES=3)"; return 2; }
  select_node "${1:?usage: kafka.sh kill NODE}"
  local pid; pid=$(cat "$PID_FILE" 2>/dev/null) || return 0
  running && kill -KILL "$pid"
  wait_for 30 "Kafka node $NODE to die" not_alive "$pid"
  # Under make up-cluster supervisord starts it again (its `run` writes the pid file anew).
  supervised "$(program)" || rm -f "$PID_FILE"
}

stop() {
  external && return 0
  local i
  if (( NODES == 1 )); then stop_server "$PID_FILE" 60 Kafka supervised kafka; return; fi
  if supervised "$(program 1)"; then
    log "stopping the Kafka cluster through make up's supervisord ('make up-cluster' starts it again)"
    # shellcheck disable=SC2046
    ctl stop $(programs) >/dev/null || true; return 0
  fi
  for (( i = NODES; i >= 1; i-- )); do  # every node asked at once: a controller quorum stops together
    select_node "$i"; running && kill -TERM "$(cat "$PID_FILE")"
  done
  for (( i = NODES; i >= 1; i-- )); do
    select_node "$i"
    if running; then wait_for 60 "Kafka node $i to stop" not_alive "$(cat "$PID_FILE")" || kill -KILL "$(cat "$PID_FILE")"; fi
    rm -f "$PID_FILE"
  done
}

status() {
  local i up=0 metrics
  for (( i = 1; i <= NODES; i++ )); do
    select_node "$i"
    if ! answering; then
      if (( NODES == 1 )); then echo "kafka: down"; else echo "kafka: node $i down ($(address))"; fi
      continue
    fi
    up=$((up + 1))
    metrics="no metrics agent on :$METRICS_PORT"
    if ! external && curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/metrics"; then
      metrics="metrics: http://127.0.0.1:$METRICS_PORT/metrics"
    fi
    echo "kafka: up ($(address), $metrics)"
  done
  (( up == NODES ))
}

case "${1:-}" in
  install) install ;; prepare) for node in $(nodes); do select_node "$node"; prepare; done ;; start) start ;; stop) stop ;; status) status ;; run) run "${2:-1}" ;;
  running) running ;; bootstrap) if external; then echo "$KAFKA_BOOTSTRAP_SERVERS"; else local_bootstrap; fi ;;
  kill) kill_node "${2:-}" ;; nodes) nodes ;; program) program "${2:-1}" ;;
  *) echo "usage: $0 install|prepare|start|stop|status|run [NODE]|running|bootstrap|kill NODE" >&2; exit 2 ;;
esac
