#!/usr/bin/env bash
# Starts the web server (gunicorn) and the job workers in the background.
# Usage: scripts/serve.sh start|stop
source "$(dirname "$0")/lib.sh"
WORKERS="${EGOVUZ_WEB_WORKERS:-2}"
case "${1:-start}" in
start)
  for n in $(seq 1 "${EGOVUZ_JOB_WORKERS:-2}"); do
    if pid_alive "$STATE/worker$n.pid"; then say "worker $n: already running"; continue; fi
    nohup "$VENV/bin/ckan" -c "$CKAN_INI" jobs worker >"$STATE/worker$n.log" 2>&1 &
    echo $! > "$STATE/worker$n.pid"
    say "worker $n: started (log $STATE/worker$n.log)"
  done
  if pid_alive "$STATE/web.pid"; then say "web: already running on http://$WEB_HOST:$WEB_PORT"; exit 0; fi
  port_busy "$WEB_PORT" && die "web: port $WEB_PORT is taken by another program (set EGOVUZ_WEB_PORT)"
  CKAN_INI="$CKAN_INI" nohup "$VENV/bin/gunicorn" --chdir "$ROOT/config" wsgi:application \
    --bind "$WEB_HOST:$WEB_PORT" --workers "$WORKERS" --threads 4 --timeout 600 \
    --pid "$STATE/web.pid" --access-logfile "$STATE/web-access.log" >"$STATE/web.log" 2>&1 &
  if ! wait_for web 120 curl -sf -o /dev/null "http://$WEB_HOST:$WEB_PORT/api/3/action/status_show"; then
    die "web: did not answer on http://$WEB_HOST:$WEB_PORT in 120 s, see $STATE/web.log: $(grep -m3 -E 'Error|Exception' "$STATE/web.log")"
  fi
  say "web: http://$WEB_HOST:$WEB_PORT"
  ;;
stop)
  stop_pid web "$STATE/web.pid"
  for f in "$STATE"/worker*.pid; do [ -e "$f" ] && stop_pid "$(basename "$f" .pid)" "$f"; done
  true ;;
esac
