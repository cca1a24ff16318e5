#!/usr/bin/env bash
# Debian packages some tests drive, installed when absent (make test runs `install` before the suite):
#   chromium  — the browser test of /docs (tests/e2e/test_e2e_docs_browser.py);
#   curl, jq  — the README's quickstart, run as written (tests/e2e/test_e2e_quickstart.py).
# Usage: test_tools.sh install|chromium
#   install  — installs what is missing.
#   chromium — installs what is missing, then prints the browser's path.
# The browser test drives Chromium with Playwright for Python launched on this binary: a test tool's
# download of its own browser build (`playwright install`) cannot reach its host from here, a Debian
# package can. Playwright speaks to the browser itself (CDP), so no `chromium-driver` is needed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

browser() { command -v chromium 2>/dev/null || true; }

install() {
  local wanted=()
  [[ -n "$(browser)" ]] || wanted+=(chromium)
  command -v curl >/dev/null || wanted+=(curl)
  command -v jq >/dev/null || wanted+=(jq)
  (( ${#wanted[@]} )) || return 0
  log "installing ${wanted[*]} from Debian packages"
  apt_install "${wanted[@]}"
  [[ -n "$(browser)" ]] || { log "Chromium is still missing after its installation"; return 1; }
}

case "${1:-}" in
  install) install ;;
  chromium) install && browser ;;
  *) echo "usage: $0 install|chromium" >&2; exit 2 ;;
esac
