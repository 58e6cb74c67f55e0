#!/usr/bin/env bash
# Starts the web server (gunicorn) and one job worker in the background.
# Usage: scripts/serve.sh start|stop
source "$(dirname "$0")/lib.sh"
WORKERS="${EGOVUZ_WEB_WORKERS:-2}"
case "${1:-start}" in
start)
  if pid_alive "$STATE/worker.pid"; then say "worker: already running"; else
    nohup "$VENV/bin/ckan" -c "$CKAN_INI" jobs worker >"$STATE/worker.log" 2>&1 &
    echo $! > "$STATE/worker.pid"
    say "worker: started (log $STATE/worker.log)"
  fi
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
  stop_pid worker "$STATE/worker.pid" ;;
esac
