#!/usr/bin/env bash
# Apache Kafka (KRaft, single node) from Maven Central jars, no Docker.
# Usage: kafka.sh install|start|stop|status|run
#   start/stop — a broker in the background, as `make infra` wants it; while `make up`'s supervisord
#                manages Kafka, they ask it to start/stop its program instead.
#   run        — the broker in the foreground, for supervisord (deploy/local/supervise.sh).
#   running    — true when this checkout's broker runs (by its pid file), whoever started it.
# With KAFKA_BOOTSTRAP_SERVERS set, that broker is used: nothing is installed or started.
# The broker's metrics: the Prometheus JMX exporter java agent (kafka/metrics-pom.xml) rides in its
# JVM, serving the MBeans kafka/jmx-exporter.yaml selects (and the JVM's) on 127.0.0.1:<Kafka port
# + 312> (9404 for 9092); DENTALINK_KAFKA_METRICS=0 runs the broker without it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KAFKA_PORT="${DENTALINK_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${DENTALINK_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HOME="$CACHE/kafka"
DATA_DIR="$RUN/kafka-data"
PID_FILE="$RUN/kafka.pid"
HEAP="${DENTALINK_KAFKA_HEAP:--Xms128m -Xmx512m}"
HERE="$ROOT/deploy/local"
METRICS_HOME="$CACHE/kafka-metrics"
METRICS_PORT=$(kafka_metrics_port)
METRICS_RULES="$HERE/kafka/jmx-exporter.yaml"

external() { [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" && "${DENTALINK_KAFKA_MANAGED:-}" != 1 ]]; }
address() { if external; then echo "${KAFKA_BOOTSTRAP_SERVERS%%,*}"; else echo "127.0.0.1:$KAFKA_PORT"; fi; }
answering() { python3 "$HERE/kafka_ping.py" "$(address)"; }
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

PROPS="$RUN/kafka-server.properties"
AGENT=()  # the broker's only (metrics_agent), not the storage tool's

# prepare — install the jars, write the broker's configuration, format its storage when new.
prepare() {
  install
  mkdir -p "$DATA_DIR"
  sed -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
    "$HERE/kafka/server.properties.in" > "$PROPS.tmp"
  mv -f "$PROPS.tmp" "$PROPS"
  if [[ ! -f "$DATA_DIR/meta.properties" ]]; then
    local cluster_id; cluster_id=$(java_run kafka.tools.StorageTool random-uuid)
    java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$PROPS" >/dev/null
  fi
}

start() {
  if external; then
    log "using external Kafka at $KAFKA_BOOTSTRAP_SERVERS"
    wait_for 60 "Kafka at $(address)" answering; return
  fi
  if supervised kafka; then
    ctl start kafka >/dev/null || true  # no-op when running; a stopped program is started again
    wait_for 120 "Kafka (supervised by make up: .run/logs/kafka.log)" answering; return
  fi
  if answering; then log "Kafka already answering on 127.0.0.1:$KAFKA_PORT"; return 0; fi
  prepare
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT (logs: $RUN/logs/kafka.log)"
  metrics_agent
  java_cmd kafka.Kafka "$PROPS"
  rotate_log "$RUN/logs/kafka.log"
  nohup "${JAVA_CMD[@]}" >>"$RUN/logs/kafka.log" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for 90 "Kafka to answer a metadata request" answering
  log "Kafka ready"
}

# run — the broker in the foreground (supervisord's program `kafka`); stops cleanly on SIGTERM.
run() {
  if external; then log "KAFKA_BOOTSTRAP_SERVERS is set: Kafka is not run here"; return 1; fi
  if port_open 127.0.0.1 "$KAFKA_PORT"; then log "port $KAFKA_PORT is taken: Kafka already runs outside supervisord?"; return 1; fi
  prepare
  echo $$ > "$PID_FILE"  # the broker's pid once exec'd (bench/footprint.py reads it)
  metrics_agent
  java_cmd kafka.Kafka "$PROPS"
  exec "${JAVA_CMD[@]}"
}

stop() {
  external && return 0
  stop_server "$PID_FILE" 60 Kafka supervised kafka
}

status() {
  if ! answering; then echo "kafka: down"; return 1; fi
  local metrics="no metrics agent on :$METRICS_PORT"
  if ! external && curl -fs -o /dev/null "http://127.0.0.1:$METRICS_PORT/metrics"; then
    metrics="metrics: http://127.0.0.1:$METRICS_PORT/metrics"
  fi
  echo "kafka: up ($(address), $metrics)"
}

case "${1:-}" in
  install) install ;; prepare) prepare ;; start) start ;; stop) stop ;; status) status ;; run) run ;;
  running) running ;;
  *) echo "usage: $0 install|prepare|start|stop|status|run|running" >&2; exit 2 ;;
esac
