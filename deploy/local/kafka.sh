#!/usr/bin/env bash
# Apache Kafka (KRaft, single node) from Maven Central jars, no Docker.
# Usage: kafka.sh install|start|stop|status
# With KAFKA_BOOTSTRAP_SERVERS set, that broker is used: nothing is installed or started.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KAFKA_PORT="${DENTALINK_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${DENTALINK_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HOME="$CACHE/kafka"
DATA_DIR="$RUN/kafka-data"
PID_FILE="$RUN/kafka.pid"
HEAP="${DENTALINK_KAFKA_HEAP:--Xms128m -Xmx512m}"
HERE="$ROOT/deploy/local"

external() { [[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" && "${DENTALINK_KAFKA_MANAGED:-}" != 1 ]]; }
address() { if external; then echo "${KAFKA_BOOTSTRAP_SERVERS%%,*}"; else echo "127.0.0.1:$KAFKA_PORT"; fi; }
answering() { python3 "$HERE/kafka_ping.py" "$(address)"; }
running() { [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

install() {
  command -v java >/dev/null || { log "installing a Java runtime"; apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless maven; }
  command -v mvn >/dev/null || { apt-get update -qq && apt-get install -y -qq maven; }
  local stamp="$KAFKA_HOME/.pom.sha256" want
  want=$(sha256sum "$HERE/kafka/pom.xml" | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  log "resolving Apache Kafka jars from Maven Central"
  rm -rf "$KAFKA_HOME/libs"; mkdir -p "$KAFKA_HOME/libs"
  mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_HOME/libs" -DincludeScope=runtime
  echo "$want" > "$stamp"
}

java_cmd() {
  # shellcheck disable=SC2206
  JAVA_CMD=(java $HEAP -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$HERE/kafka/log4j2.yaml" -cp "$KAFKA_HOME/libs/*" "$@")
}
java_run() { java_cmd "$@"; "${JAVA_CMD[@]}"; }

start() {
  if external; then
    log "using external Kafka at $KAFKA_BOOTSTRAP_SERVERS"
    wait_for 60 "Kafka at $(address)" answering; return
  fi
  if answering; then log "Kafka already answering on 127.0.0.1:$KAFKA_PORT"; return 0; fi
  install
  mkdir -p "$DATA_DIR"
  local props="$RUN/kafka-server.properties"
  sed -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
    "$HERE/kafka/server.properties.in" > "$props"
  if [[ ! -f "$DATA_DIR/meta.properties" ]]; then
    local cluster_id; cluster_id=$(java_run kafka.tools.StorageTool random-uuid)
    java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$props" >/dev/null
  fi
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT (logs: $RUN/logs/kafka.log)"
  java_cmd kafka.Kafka "$props"
  nohup "${JAVA_CMD[@]}" >"$RUN/logs/kafka.log" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for 90 "Kafka to answer a metadata request" answering
  log "Kafka ready"
}

stop() {
  external && return 0
  running || { rm -f "$PID_FILE"; return 0; }
  local pid; pid=$(cat "$PID_FILE")
  log "stopping Kafka (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  wait_for 60 "Kafka to stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
}

status() { if answering; then echo "kafka: up ($(address))"; else echo "kafka: down"; return 1; fi; }

case "${1:-}" in
  install) install ;; start) start ;; stop) stop ;; status) status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
