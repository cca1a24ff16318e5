#!/usr/bin/env bash
# The tools that validate the deployment manifests offline (tests/deploy/test_manifests.py), built once
# into .cache/k8s-tools with Go through the module proxy, as deploy/local/jaeger.sh builds Jaeger:
#   kustomize       sigs.k8s.io/kustomize/kustomize/v5 at $KUSTOMIZE_VERSION (`go install …@version`:
#                   the module's own go.sum pins its dependencies)
#   manifest-check  ./manifest-check (go.mod/go.sum here pin Kubernetes' API types, compose-go, BuildKit's
#                   Dockerfile frontend and moby/patternmatcher; main.go says what it checks)
# GOPATH (so the module cache) is .cache/k8s-tools/gopath too; `rm -rf .cache/k8s-tools` starts afresh.
# Usage: tools.sh install|prebuild|path NAME
#   install   — build what is missing or stale (a stamp names the version and the sources); one build at
#               a time (flock), so a second caller waits for the first instead of racing it.
#   prebuild  — the same in the background (log: .cache/k8s-tools/build.log), e.g. early in `make test`.
#   path NAME — where NAME (kustomize or manifest-check) is installed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
HOME_DIR="${DENTALINK_CACHE:-$ROOT/.cache}/k8s-tools"
BIN="$HOME_DIR/bin"
KUSTOMIZE_VERSION=v5.8.1
GO="${DENTALINK_GO:-$(command -v go || echo /usr/local/go/bin/go)}"
log() { printf '[deploy/k8s/tools] %s\n' "$*" >&2; }

go_env() {
  env GOPATH="$HOME_DIR/gopath" GOBIN="$BIN" GOFLAGS="-modcacherw -buildvcs=false" "$@"
}

# wanted NAME — what the stamp of NAME must say for its binary to be current.
wanted() {
  case "$1" in
    kustomize) echo "$KUSTOMIZE_VERSION" ;;
    manifest-check) cat "$HERE/manifest-check/go.mod" "$HERE/manifest-check/go.sum" "$HERE/manifest-check/main.go" | sha256sum | cut -d' ' -f1 ;;
  esac
}
built() { [[ -x "$BIN/$1" && -f "$HOME_DIR/.$1.stamp" && "$(cat "$HOME_DIR/.$1.stamp")" == "$(wanted "$1")" ]]; }

build() {
  case "$1" in
    kustomize) go_env "$GO" install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" ;;
    # -mod=readonly: go.mod and go.sum as committed, never rewritten.
    manifest-check) (cd "$HERE/manifest-check" && go_env "$GO" build -mod=readonly -o "$BIN/manifest-check" .) ;;
  esac
  wanted "$1" > "$HOME_DIR/.$1.stamp"
}

install() {
  if built kustomize && built manifest-check; then return 0; fi
  [[ -x "$GO" ]] || { log "Go is needed to build kustomize and manifest-check (/usr/local/go/bin/go, or DENTALINK_GO)"; return 1; }
  mkdir -p "$BIN"
  exec 9>"$HOME_DIR/.build.lock"
  flock 9
  local name
  for name in kustomize manifest-check; do
    if ! built "$name"; then
      log "building $name with $("$GO" env GOVERSION) (once; a few minutes on 2 cores)"
      build "$name"
    fi
  done
}

prebuild() {
  if built kustomize && built manifest-check; then return 0; fi
  mkdir -p "$HOME_DIR"
  log "building the manifest tools in the background (log: $HOME_DIR/build.log)"
  nohup "$0" install >>"$HOME_DIR/build.log" 2>&1 &
}

case "${1:-}" in
  install) install ;;
  prebuild) prebuild ;;
  path) [[ "${2:-}" == kustomize || "${2:-}" == manifest-check ]] || { log "usage: $0 path kustomize|manifest-check"; exit 2; }
    echo "$BIN/$2" ;;
  *) echo "usage: $0 install|prebuild|path NAME" >&2; exit 2 ;;
esac
