#!/usr/bin/env bash
# Prometheus from the Debian package (with promtool), scraping the local platform. No Docker.
# Usage: prometheus.sh install|prepare|config|targets|run|start|stop|status|ready|check|reload|urls
#   targets  — the one list the scrape configuration is generated from: "JOB HOST:PORT" per line,
#              the seven processes' admin ports, one per worker slot (stack.sh metrics-targets), the
#              Kafka broker's JMX exporter agent, the PostgreSQL exporter, Prometheus itself, Jaeger
#              when there is one.
#   config   — the prometheus.yml generated from that list, on stdout.
#   start/stop — a server in the background (the e2e stack's, or by hand); while `make up`'s
#              supervisord manages Prometheus, they ask it to start/stop its program instead.
#   run      — the server in the foreground, for supervisord (deploy/local/supervise.sh).
#   ready    — true when the server answers /-/ready.
#   check    — every target's health as Prometheus last saw it; status 0 when all are up.
#   reload   — write the configuration again and have a running server read it (SIGHUP).
# UI and API on 127.0.0.1:9090, moved by DENTALINK_PORT_OFFSET like the targets; data in
# .run/prometheus (.run/prometheus-<offset> under an offset), kept DENTALINK_PROMETHEUS_RETENTION (2d).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HERE="$ROOT/deploy/local"

OFFSET="${DENTALINK_PORT_OFFSET:-0}"
PORT=$(prometheus_port)
TAG=$(offset_tag)
DIR="$RUN/prometheus$TAG"
CONFIG="$DIR/prometheus.yml"
PID_FILE="$RUN/prometheus$TAG.pid"
LOG="$RUN/logs/prometheus$TAG.log"
RULES="$ROOT/deploy/prometheus/rules"
RETENTION="${DENTALINK_PROMETHEUS_RETENTION:-2d}"
SCRAPE_INTERVAL=5s

install() {
  [[ -x /usr/bin/prometheus && -x /usr/bin/promtool ]] && return 0
  log "installing Prometheus (and promtool) from Debian packages"
  apt_install prometheus
}

# jaeger_wanted — deploy/local/jaeger.sh exists (DENTALINK_JAEGER=0 leaves it out, =1 forces it).
jaeger_wanted() {
  [[ "${DENTALINK_JAEGER:-}" == 1 ]] || { [[ "${DENTALINK_JAEGER:-}" != 0 && -x "$HERE/jaeger.sh" ]]; }
}
# A Kafka of KAFKA_BOOTSTRAP_SERVERS is not run here: no agent of ours to scrape.
kafka_here() { [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" || "${DENTALINK_KAFKA_MANAGED:-}" == 1 ]]; }

targets() {
  local job port
  while read -r job port; do echo "$job 127.0.0.1:$port"; done < <("$HERE/stack.sh" metrics-targets)
  if kafka_here; then echo "kafka 127.0.0.1:$(kafka_metrics_port)"; fi
  echo "postgres 127.0.0.1:$(pg_exporter_port)"
  echo "prometheus 127.0.0.1:$PORT"
  if jaeger_wanted; then echo "jaeger 127.0.0.1:${DENTALINK_JAEGER_METRICS_PORT:-$((14269 + OFFSET))}"; fi
}

# config — one scrape job per process: the job label names it (gateway, ins-service, …, kafka,
# postgres, prometheus); its targets are its addresses (a process of several workers has one per
# worker slot), each an instance.
config() {
  local job address jobs=()
  local -A addresses=()
  cat <<YAML
# Written by deploy/local/prometheus.sh from its list of targets (prometheus.sh targets): edit that
# script, not this file.
global:
  scrape_interval: $SCRAPE_INTERVAL
  scrape_timeout: 4s
  evaluation_interval: $SCRAPE_INTERVAL
# The alert rules; a glob matching no file (no rules yet) is no error.
rule_files:
  - $RULES/*.yml
scrape_configs:
YAML
  while read -r job address; do
    if [[ -z "${addresses[$job]:-}" ]]; then jobs+=("$job"); addresses[$job]="\"$address\""
    else addresses[$job]+=", \"$address\""; fi
  done < <(targets)
  for job in "${jobs[@]}"; do
    printf '  - job_name: %s\n    static_configs:\n      - targets: [%s]\n' "$job" "${addresses[$job]}"
  done
}

# prepare — install Prometheus, write its configuration and check it with promtool.
prepare() {
  install
  mkdir -p "$DIR/data"
  config > "$CONFIG.tmp"
  promtool check config --syntax-only "$CONFIG.tmp" >/dev/null || { log "promtool rejects $CONFIG.tmp"; return 1; }
  mv -f "$CONFIG.tmp" "$CONFIG"
}

server_cmd() {
  SERVER=(/usr/bin/prometheus "--config.file=$CONFIG" "--storage.tsdb.path=$DIR/data"
    "--storage.tsdb.retention.time=$RETENTION" "--web.listen-address=127.0.0.1:$PORT"
    --log.level=warn)
}
running() { runs "$PID_FILE" prometheus; }
ready() { curl -fs -o /dev/null "http://127.0.0.1:$PORT/-/ready"; }

start() {
  if supervised_here prometheus; then
    ctl start prometheus >/dev/null || true
    wait_for 60 "Prometheus (supervised by make up: .run/logs/prometheus.log)" ready; return
  fi
  if running; then reload; return; fi
  if port_open 127.0.0.1 "$PORT"; then log "port $PORT is taken: not starting Prometheus"; return 1; fi
  prepare
  server_cmd
  rotate_log "$LOG"
  log "starting Prometheus on http://127.0.0.1:$PORT (logs: $LOG)"
  nohup "${SERVER[@]}" >>"$LOG" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for 60 "Prometheus to be ready" ready
}

# run — the server in the foreground (supervisord's program `prometheus`).
run() {
  if port_open 127.0.0.1 "$PORT"; then log "port $PORT is taken: Prometheus already runs outside supervisord?"; return 1; fi
  prepare
  server_cmd
  echo $$ > "$PID_FILE"
  exec "${SERVER[@]}"
}

reload() {
  prepare
  running && kill -HUP "$(cat "$PID_FILE")"
}

stop() {
  stop_server "$PID_FILE" 30 Prometheus supervised_here prometheus
}

# check — "JOB INSTANCE HEALTH [last error]" per target, from Prometheus's own view.
check() {
  curl -fs "http://127.0.0.1:$PORT/api/v1/targets?state=active" | python3 -c '
import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
for t in sorted(targets, key=lambda t: t["labels"]["job"]):
    print(t["labels"]["job"], t["labels"]["instance"], t["health"], t["lastError"])
sys.exit(0 if targets and all(t["health"] == "up" for t in targets) else 1)'
}

status() {
  if ! ready; then echo "prometheus: down"; return 1; fi
  local down; down=$(check | awk '$3 != "up" {printf " %s(%s)", $1, $3}') || true
  echo "prometheus: up (http://127.0.0.1:$PORT)${down:+, targets not up:$down}"
}

urls() {
  printf '  %-16s http://127.0.0.1:%s  (targets: /targets, alerts: /alerts)\n' Prometheus "$PORT"
}

case "${1:-}" in
  install) install ;; prepare) prepare ;; config) config ;; targets) targets ;; run) run ;;
  start) start ;; stop) stop ;; status) status ;; check) check ;; reload) reload ;; urls) urls ;;
  ready) ready ;;
  *) echo "usage: $0 install|prepare|config|targets|run|start|stop|status|ready|check|reload|urls" >&2; exit 2 ;;
esac
