#!/usr/bin/env bash
# The load generator and the reverse proxy bench/http_paths.py measures against, from Debian packages.
# Usage: bench_tools.sh install
#   install — wrk (HTTP load, scripted in Lua) and nginx (the reference proxy), unless present. The
#             package's own nginx service is not started (common.sh apt_install): the bench runs
#             nginx itself, in the foreground, with a configuration and port of its own.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WRK=/usr/bin/wrk
NGINX=/usr/sbin/nginx

install() {
  local wanted=()
  [[ -x $WRK ]] || wanted+=(wrk)
  [[ -x $NGINX ]] || wanted+=(nginx)
  (( ${#wanted[@]} )) || return 0
  log "installing ${wanted[*]} from Debian packages"
  apt_install "${wanted[@]}"
}

case "${1:-}" in
  install) install ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac
