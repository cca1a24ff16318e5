#!/usr/bin/env bash
# The HL7 FHIR R4 validator (HAPI FHIR, from Maven Central) for the test suite.
# Usage: validator.sh build            — resolve the jars and compile, once (again when pom.xml or
#                                        ValidateFhir.java change); prints nothing on success.
#        validator.sh [FILE...]        — validate FHIR JSON resources (files, or stdin one per line);
#                                        prints one JSON line per resource: {"source", "errors", "warnings"}.
# Built into .cache/fhir-validator (DENTALINK_CACHE); Maven runs offline first and goes online only
# when its local repository lacks a jar. Running needs no network: base R4 ships in the jars.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
HOME_DIR="${DENTALINK_CACHE:-$ROOT/.cache}/fhir-validator"
STAMP="$HOME_DIR/.sources.sha256"

build() {
  local want
  mkdir -p "$HOME_DIR"
  exec 9>"$HOME_DIR/.build.lock"
  flock 9  # two test processes building at once would clobber each other's jars
  want=$(cat "$HERE/pom.xml" "$HERE/src/ValidateFhir.java" | sha256sum | cut -d' ' -f1)
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then exec 9>&-; return 0; fi
  if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
    apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless maven >&2
  fi
  rm -rf "$HOME_DIR/libs" "$HOME_DIR/classes"
  mkdir -p "$HOME_DIR/libs" "$HOME_DIR/classes"
  local copy=(dependency:copy-dependencies "-DoutputDirectory=$HOME_DIR/libs" -DincludeScope=runtime)
  mvn -q -B -o -f "$HERE/pom.xml" "${copy[@]}" >/dev/null 2>&1 \
    || mvn -q -B -f "$HERE/pom.xml" "${copy[@]}" >&2
  javac -encoding UTF-8 -d "$HOME_DIR/classes" -cp "$HOME_DIR/libs/*" "$HERE/src/ValidateFhir.java" >&2
  echo "$want" > "$STAMP"
  exec 9>&-
}

if [[ "${1:-}" == build ]]; then
  build
  exit 0
fi
build
exec java -Xmx1g -XX:+UseSerialGC -cp "$HOME_DIR/classes:$HOME_DIR/libs/*" ValidateFhir "$@"
