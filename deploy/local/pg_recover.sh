# shellcheck shell=bash
# pg_recover DATA_DIR [SOCKET_DIR] — make a PostgreSQL data directory startable again after its postmaster died
# without shutting down (kill -9, OOM killer). Sourced by postgres.sh, and by its test
# (tests/deploy/test_pg_recover.py) against a fake data directory.
#
# A postmaster killed with -9 leaves its backends running (one busy with a long write outlived it by
# 39 s) and its postmaster.pid behind. While any of them lives, a new postmaster refuses to start:
# "pre-existing shared memory block (key …) is still in use". So, unless a live postmaster owns the
# directory:
#   1. every process left by that cluster is found through /proc — a process whose executable is named
#      `postgres` and whose working directory is DATA_DIR (PostgreSQL chdirs into it; the backends'
#      command lines do not name it) — and asked to quit (SIGQUIT, as the postmaster does after a
#      crash), then killed (SIGKILL) after PG_RECOVER_GRACE seconds;
#   2. postmaster.pid is removed when its pid is dead or is now some other process (pid reuse), and so
#      is SOCKET_DIR's .s.PGSQL.<port>.lock when its pid is not a live postgres process. PostgreSQL
#      checks those pids with kill(pid, 0), which a zombie passes: where nothing reaps the killed
#      postmaster at once (an init that reaps lazily, pg_ctl's orphan), it would refuse to start with
#      "lock file … already exists" as long as the zombie lasts.
# PostgreSQL then drops the unattached shared memory block itself and runs crash recovery from its WAL.
#
# Returns 0 when DATA_DIR is free to start, 3 when a live postmaster owns it (nothing touched), 1 when a
# process would not die.
declare -F log >/dev/null || log() { printf '[deploy/local] %s\n' "$*" >&2; }
PG_RECOVER_GRACE="${PG_RECOVER_GRACE:-5}"

# _pg_alive PID — a process that exists and is not a zombie.
_pg_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }  # the state follows "(comm) ", and comm may hold spaces
  [[ -n "$stat" && ${stat:0:1} != Z && ${stat:0:1} != X ]]
}

# _pg_of_cluster PID DATA_DIR — a `postgres` executable working in DATA_DIR.
_pg_of_cluster() {
  local exe
  [[ "/proc/$1/cwd" -ef "$2" ]] || return 1  # same directory, without a readlink per process
  exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}  # the binary was upgraded under a running server
  [[ "${exe##*/}" == postgres ]]
}

# _pg_is_postgres PID — a live `postgres` executable, of whichever cluster.
_pg_is_postgres() {
  local exe
  _pg_alive "$1" || return 1
  exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}
  [[ "${exe##*/}" == postgres ]]
}

# pg_cluster_pids DATA_DIR — the live processes of that cluster, one pid a line.
pg_cluster_pids() {
  local data=$1 link pid
  for link in /proc/[0-9]*/cwd; do
    pid=${link#/proc/}; pid=${pid%/cwd}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    _pg_of_cluster "$pid" "$data" && _pg_alive "$pid" && echo "$pid"
  done
  return 0
}

# pg_postmaster_pid DATA_DIR — the pid of the live postmaster that owns DATA_DIR, if any.
pg_postmaster_pid() {
  local data pid
  data=$(readlink -f "$1")
  pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null | tr -dc '0-9') || true
  [[ -n "$pid" ]] && _pg_alive "$pid" && _pg_of_cluster "$pid" "$data" && echo "$pid"
}

_pg_none_alive() { local pid; for pid in "$@"; do _pg_alive "$pid" && return 1; done; return 0; }

pg_recover() {
  local data pidfile pid="" survivors deadline lock owner
  data=$(readlink -f "$1")
  pidfile="$data/postmaster.pid"
  if pg_postmaster_pid "$data" >/dev/null; then return 3; fi
  pid=$(head -n 1 "$pidfile" 2>/dev/null | tr -dc '0-9') || true
  mapfile -t survivors < <(pg_cluster_pids "$data")
  if (( ${#survivors[@]} )); then
    log "PostgreSQL: ${#survivors[@]} process(es) of a dead postmaster still hold $data (pids ${survivors[*]}): stopping them"
    kill -QUIT "${survivors[@]}" 2>/dev/null || true
    deadline=$((SECONDS + PG_RECOVER_GRACE))
    until _pg_none_alive "${survivors[@]}" || (( SECONDS >= deadline )); do sleep 0.2; done
    if ! _pg_none_alive "${survivors[@]}"; then
      log "PostgreSQL: killing what did not quit within ${PG_RECOVER_GRACE}s"
      kill -KILL "${survivors[@]}" 2>/dev/null || true
      deadline=$((SECONDS + 10))
      until _pg_none_alive "${survivors[@]}" || (( SECONDS >= deadline )); do sleep 0.2; done
      _pg_none_alive "${survivors[@]}" || { log "PostgreSQL: processes of $data would not die"; return 1; }
    fi
  fi
  if [[ -f "$pidfile" ]]; then
    log "PostgreSQL: removing the stale $pidfile (postmaster ${pid:-?} is gone)"
    rm -f "$pidfile"
  fi
  if [[ -n "${2:-}" ]]; then
    for lock in "$2"/.s.PGSQL.*.lock; do
      [[ -f "$lock" ]] || continue
      owner=$(head -n 1 "$lock" 2>/dev/null | tr -dc '0-9') || true
      if [[ -z "$owner" ]] || ! _pg_is_postgres "$owner"; then
        log "PostgreSQL: removing the stale socket lock $lock (postmaster ${owner:-?} is gone)"
        rm -f "$lock"
      fi
    done
  fi
  return 0
}
