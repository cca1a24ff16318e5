#!/usr/bin/env bash
# Jaeger, where the processes export their spans (OTLP) and operators read them (query API + UI).
# Usage: jaeger.sh install|prebuild|start|stop|status|run|running|endpoint|urls
#   install    — builds the `jaeger` binary once into .cache/jaeger/bin (Go, through the module proxy).
#   prebuild   — the same build in the background (make test starts it early).
#   start/stop — Jaeger in the background (the e2e tests' own); while `make up`'s supervisord
#                manages program `jaeger`, they ask it to start/stop it instead.
#   run        — Jaeger in the foreground, for supervisord (deploy/local/supervise.sh).
#   endpoint   — the OTLP/HTTP base URL, the value of OTEL_EXPORTER_OTLP_ENDPOINT for the processes.
#
# Which binary: github.com/jaegertracing/jaeger v1.75.0 is the release whose cmd/jaeger is Jaeger v2,
# an OpenTelemetry Collector build configured by YAML (deploy/local/jaeger/config.yaml); cmd/all-in-one
# is the deprecated v1 one. `go install …/cmd/jaeger@v1.75.0` is refused (the module's go.mod has a
# replace directive), so deploy/local/jaeger/go.mod requires it as a tool, with the same replace and
# a go.sum that pins every dependency; `go install` then builds it from that module.
#
# Ports (all moved by DENTALINK_PORT_OFFSET, all on 127.0.0.1): OTLP gRPC 4317, OTLP HTTP 4318,
# query API + UI 16686, query gRPC 16685, Jaeger's own Prometheus metrics 14269 (/metrics).
# Storage is in memory, the newest JAEGER_MAX_TRACES traces (5000 by default: ~215 MB RSS when full of
# 30-span traces, ~65 MB idle); a restart forgets them.
# The UI: the module ships no jaeger-ui build (a git submodule built with npm, in no registry), so
# 16686/ answers Jaeger's placeholder page; the query API (/api/...) that Grafana's Jaeger data source
# and the tests read is complete.
# Under an offset (the e2e tests' 10000), pid and log files are named after it (common.sh offset_tag):
# one checkout runs `make up`'s Jaeger and the tests' side by side.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VERSION=v1.75.0
HERE="$ROOT/deploy/local"
MODULE_DIR="$HERE/jaeger"
JAEGER_HOME="$CACHE/jaeger"
BIN="$JAEGER_HOME/bin/jaeger"
STAMP="$JAEGER_HOME/.version"
OFFSET="${DENTALINK_PORT_OFFSET:-0}"
PID_FILE="$RUN/jaeger$(offset_tag).pid"
LOG_FILE="$RUN/logs/jaeger$(offset_tag).log"
export JAEGER_OTLP_GRPC_PORT=$((4317 + OFFSET)) JAEGER_OTLP_HTTP_PORT=$((4318 + OFFSET))
export JAEGER_QUERY_HTTP_PORT=$((16686 + OFFSET)) JAEGER_QUERY_GRPC_PORT=$((16685 + OFFSET))
export JAEGER_METRICS_PORT=$((14269 + OFFSET)) JAEGER_MAX_TRACES="${JAEGER_MAX_TRACES:-5000}"
GO="${DENTALINK_GO:-$(command -v go || echo /usr/local/go/bin/go)}"

answering() {
  curl -fs -o /dev/null "http://127.0.0.1:$JAEGER_QUERY_HTTP_PORT/api/services" \
    && port_open 127.0.0.1 "$JAEGER_OTLP_HTTP_PORT"
}
running() { runs "$PID_FILE" "$BIN"; }

# The version Jaeger reports (`jaeger version`, the UI's About), which its release builds set this way.
LDFLAGS="-X github.com/jaegertracing/jaeger/internal/version.latestVersion=$VERSION"
# wanted — the stamp names the version, the flags and the module files it was built from.
wanted() {
  local sum; sum=$(cat "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum" <(echo "$LDFLAGS") | sha256sum)
  echo "$VERSION ${sum%% *}"
}

built() { [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$(wanted)" ]]; }

install() {
  if built; then return 0; fi
  [[ -x "$GO" ]] || { log "Go is needed to build Jaeger (/usr/local/go/bin/go, or DENTALINK_GO)"; return 1; }
  mkdir -p "$JAEGER_HOME"
  # One build at a time: a start waits for the build `prebuild` began (make test) instead of racing it.
  exec 9>"$JAEGER_HOME/.build.lock"
  flock 9
  if built; then return 0; fi
  log "building Jaeger $VERSION with $("$GO" env GOVERSION) (once; several minutes on 2 cores)"
  mkdir -p "$JAEGER_HOME/bin"
  # -mod=readonly: the build uses go.mod/go.sum as committed, never rewrites them.
  (cd "$MODULE_DIR" && GOBIN="$JAEGER_HOME/bin" GOFLAGS="-mod=readonly -buildvcs=false" \
    "$GO" install -ldflags "$LDFLAGS" github.com/jaegertracing/jaeger/cmd/jaeger)
  wanted > "$STAMP"
}

# prebuild — start the build in the background and return (make test: it overlaps the lint and the
# unit and integration suites; the e2e session's `start` then waits for it, if it is still running).
prebuild() {
  if built; then return 0; fi
  log "building Jaeger in the background (log: $RUN/logs/jaeger-build.log)"
  nohup "$0" install >>"$RUN/logs/jaeger-build.log" 2>&1 &
}

command_line() { JAEGER_CMD=("$BIN" --config "$MODULE_DIR/config.yaml"); }

start() {
  if supervised_here jaeger; then
    ctl start jaeger >/dev/null || true  # no-op when running; a stopped program is started again
    wait_for 60 "Jaeger (supervised by make up: .run/logs/jaeger.log)" answering; return
  fi
  if answering; then log "Jaeger already answering on 127.0.0.1:$JAEGER_QUERY_HTTP_PORT"; return 0; fi
  install
  log "starting Jaeger: UI http://127.0.0.1:$JAEGER_QUERY_HTTP_PORT, OTLP $(endpoint) (logs: $LOG_FILE)"
  command_line
  rotate_log "$LOG_FILE"
  nohup "${JAEGER_CMD[@]}" >>"$LOG_FILE" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for 60 "Jaeger to answer" answering
  log "Jaeger ready"
}

# run — Jaeger in the foreground (supervisord's program `jaeger`); stops cleanly on SIGTERM.
run() {
  if port_open 127.0.0.1 "$JAEGER_QUERY_HTTP_PORT"; then
    log "port $JAEGER_QUERY_HTTP_PORT is taken: Jaeger already runs outside supervisord?"; return 1
  fi
  install
  echo $$ > "$PID_FILE"  # Jaeger's pid once exec'd
  command_line
  exec "${JAEGER_CMD[@]}"
}

stop() {
  stop_server "$PID_FILE" 30 Jaeger supervised_here jaeger
}

endpoint() { echo "http://127.0.0.1:$JAEGER_OTLP_HTTP_PORT"; }
urls() {
  echo "Jaeger UI:       http://127.0.0.1:$JAEGER_QUERY_HTTP_PORT"
  echo "Jaeger OTLP:     $(endpoint) (HTTP), 127.0.0.1:$JAEGER_OTLP_GRPC_PORT (gRPC)"
  echo "Jaeger metrics:  http://127.0.0.1:$JAEGER_METRICS_PORT/metrics"
}
status() {
  if answering; then echo "jaeger: up (UI http://127.0.0.1:$JAEGER_QUERY_HTTP_PORT, OTLP $(endpoint))"
  else echo "jaeger: down"; return 1; fi
}

case "${1:-}" in
  install) install ;; prebuild) prebuild ;; start) start ;; stop) stop ;; status) status ;; run) run ;; running) running ;;
  endpoint) endpoint ;; urls) urls ;;
  *) echo "usage: $0 install|prebuild|start|stop|status|run|running|endpoint|urls" >&2; exit 2 ;;
esac
