#!/usr/bin/env bash
# nginx (Debian package) as the edge of a platform that runs several replicas of each process
# (DENTALINK_REPLICAS=2, `make up-cluster`): it listens on every process's usual port — the gateways'
# 127.0.0.1:8000 for clients, each service's port for the gateways — and balances over the replicas
# that stack.sh runs on ports of their own (stack.sh upstreams).
# Usage: edge.sh install|config|start|stop|status|run
#   run — nginx in the foreground (supervisord's program `edge`); start/stop — in the background.
# Passive health checks: a replica that refuses or times out is left alone for a few seconds
# (max_fails/fail_timeout). A request goes to the next replica only when none was sent yet (refused
# connection) or, for idempotent methods, when the answer was a 502/503/504: nginx never sends a
# POST twice (no `non_idempotent`), the Idempotency-Key lets the client do that safely.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HERE="$ROOT/deploy/local"
NGINX=/usr/sbin/nginx
EDGE_HOME="$RUN/edge$(offset_tag)"
CONF="$EDGE_HOME/nginx.conf"
PID_FILE="$EDGE_HOME/nginx.pid"
LOG_FILE="$RUN/logs/edge$(offset_tag).log"
UNAVAILABLE='{"type":"https://dentalink.fr/problems/service-unavailable","title":"Service unavailable","status":503,"detail":"No replica could answer now; retry after the delay given."}'
CLIENT_PORT=$((8000 + ${DENTALINK_PORT_OFFSET:-0}))  # the gateways' usual port: where clients call

install() {
  [[ -x $NGINX ]] && return 0
  log "installing nginx from Debian packages"
  apt_install nginx  # its own service is not started (common.sh apt_install): this script runs it
}

# config — nginx.conf from stack.sh's upstreams ("NAME PORT REPLICA_PORT…" per process).
config() {
  mkdir -p "$EDGE_HOME"
  local name port replicas replica
  {
    cat <<CONF
# Written by deploy/local/edge.sh from 'stack.sh upstreams': edit those, not this file.
worker_processes 1;
daemon off;
pid $PID_FILE;
error_log $LOG_FILE warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $EDGE_HOME/body;
  proxy_temp_path $EDGE_HOME/proxy;
  fastcgi_temp_path $EDGE_HOME/fastcgi;
  uwsgi_temp_path $EDGE_HOME/uwsgi;
  scgi_temp_path $EDGE_HOME/scgi;
  client_max_body_size 30m;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host \$http_host;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
  proxy_buffering off;
  proxy_connect_timeout 2s;
  proxy_read_timeout 60s;
  proxy_next_upstream error timeout http_502 http_503 http_504;
  proxy_next_upstream_tries 2;
  proxy_next_upstream_timeout 10s;
CONF
    while read -r name port replicas; do
      printf '  upstream %s {\n' "${name//-/_}"
      for replica in $replicas; do printf '    server 127.0.0.1:%s max_fails=1 fail_timeout=3s;\n' "$replica"; done
      printf '    keepalive 32;\n    keepalive_timeout 30s;\n  }\n'
      printf '  server {\n    listen 127.0.0.1:%s reuseport;\n' "$port"
      printf '    location = /edge-ready { return 204; }\n'
      printf '    location / { proxy_pass http://%s; }\n' "${name//-/_}"
      # No replica answered (refused everywhere, or a POST's connection lost mid-way, which nginx does
      # not resend): the platform's own 503 problem with Retry-After, which clients and SDKs retry
      # (with the same Idempotency-Key), never a bare 502 page.
      printf '    error_page 502 504 =503 @unavailable;\n'
      printf '    location @unavailable {\n      default_type application/problem+json;\n'
      printf '      add_header Retry-After 1 always;\n'
      printf '      return 503 %s;\n    }\n  }\n' "'$UNAVAILABLE'"
    done < <("$HERE/stack.sh" upstreams)
    echo "}"
  } > "$CONF.tmp"
  mv -f "$CONF.tmp" "$CONF"
  "$NGINX" -t -q -p "$EDGE_HOME" -c "$CONF"
}

running() { runs "$PID_FILE" nginx; }
answering() { curl -fs -o /dev/null "http://127.0.0.1:$CLIENT_PORT/edge-ready"; }

start() {
  if supervised edge; then ctl start edge >/dev/null || true; wait_for 30 "the edge" answering; return; fi
  install; config
  if running; then kill -HUP "$(cat "$PID_FILE")"; log "edge reloaded"; return 0; fi
  rotate_log "$LOG_FILE"
  nohup "$NGINX" -p "$EDGE_HOME" -c "$CONF" >>"$LOG_FILE" 2>&1 &
  wait_for 30 "the edge (nginx) to answer" answering
  log "edge ready: 127.0.0.1:$CLIENT_PORT → the gateways, each service's port → its replicas"
}

run() { install; config; exec "$NGINX" -p "$EDGE_HOME" -c "$CONF"; }

stop() { stop_server "$PID_FILE" 20 "the edge (nginx)" supervised edge; }

status() { if answering; then echo "edge: up (nginx, $CONF)"; else echo "edge: down"; return 1; fi; }

case "${1:-}" in
  install) install ;; config) install; config ;; start) start ;; stop) stop ;; status) status ;; run) run ;;
  running) running ;;
  *) echo "usage: $0 install|config|start|stop|status|run|running" >&2; exit 2 ;;
esac
