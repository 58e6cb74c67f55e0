# Shared settings of the project's scripts: paths and ports, all overridable by env.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${EGOVUZ_STATE:-$ROOT/.state}"
VENV="${EGOVUZ_VENV:-$ROOT/.venv}"
PG_PORT="${EGOVUZ_PG_PORT:-54329}"
REDIS_PORT="${EGOVUZ_REDIS_PORT:-63799}"
SOLR_PORT="${EGOVUZ_SOLR_PORT:-8983}"
WEB_PORT="${EGOVUZ_WEB_PORT:-5000}"
WEB_HOST="${EGOVUZ_WEB_HOST:-127.0.0.1}"
DB_PASS="${EGOVUZ_DB_PASS:-egovuz}"
CKAN_INI="$STATE/ckan.ini"
SOLR_LAUNCHER="$ROOT/config/solr/launcher"
export PATH="$VENV/bin:$PATH"

say() { printf '\033[1m[egovuz]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[egovuz] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# port_busy PORT -> 0 when something listens on 127.0.0.1:PORT
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive FILE -> 0 when FILE names a running process
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_for DESC SECONDS CMD... : retry CMD until it succeeds or time runs out
wait_for() {
  local desc="$1" secs="$2"; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.5
  done
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# stop_pid NAME PIDFILE: TERM, wait up to 20 s, then KILL
stop_pid() {
  local name="$1" file="$2"
  if pid_alive "$file"; then
    kill "$(cat "$file")" 2>/dev/null || true
    for _ in $(seq 1 40); do pid_alive "$file" || break; sleep 0.5; done
    pid_alive "$file" && kill -9 "$(cat "$file")" 2>/dev/null || true
    say "$name: stopped"
  fi
  rm -f "$file"
}

