#!/usr/bin/env bash
# Starts, stops and reports the portal's real services: PostgreSQL, Redis, Solr 9.
# Usage: scripts/services.sh start|stop|status
source "$(dirname "$0")/lib.sh"
PGBIN="$(dirname "$(readlink -f "$(command -v pg_ctl || echo /usr/lib/postgresql/15/bin/pg_ctl)")")"
PGDATA="$STATE/pg/data"

start_postgres() {
  [ -x "$PGBIN/pg_ctl" ] || die "postgres: pg_ctl not found (install the Debian package postgresql)"
  if [ -f "$PGDATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    say "postgres: already running on $PG_PORT"; return
  fi
  port_busy "$PG_PORT" && die "postgres: port $PG_PORT is taken by another program (set EGOVUZ_PG_PORT)"
  mkdir -p "$STATE/pg/sock"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "postgres: initdb in $PGDATA"
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$STATE/pg"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$STATE/pg/initdb.log" 2>&1 \
      || die "postgres: initdb failed, see $STATE/pg/initdb.log"
  fi
  [ "$(id -u)" = 0 ] && chown -R postgres: "$STATE/pg"
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$STATE/pg/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $STATE/pg/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB" \
    start >/dev/null || die "postgres: failed to start, see $STATE/pg/postgres.log: $(tail -3 "$STATE/pg/postgres.log")"
  say "postgres: started on 127.0.0.1:$PG_PORT"
}

psql_su() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

ensure_databases() {
  # Roles and databases for the site and for the tests (idempotent).
  psql_su -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='ckan_default') THEN CREATE ROLE ckan_default LOGIN PASSWORD '$DB_PASS'; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='datastore_write') THEN CREATE ROLE datastore_write LOGIN PASSWORD '$DB_PASS'; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='datastore_read') THEN CREATE ROLE datastore_read LOGIN PASSWORD '$DB_PASS'; END IF;
END \$\$;
SQL
  for db in ckan ckan_test; do
    psql_su -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
      || psql_su -d postgres -c "CREATE DATABASE $db OWNER ckan_default ENCODING 'UTF8'"
  done
  for db in datastore datastore_test; do
    psql_su -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
      || psql_su -d postgres -c "CREATE DATABASE $db OWNER ckan_default ENCODING 'UTF8'"
  done
}

start_redis() {
  mkdir -p "$STATE/redis"
  if pid_alive "$STATE/redis/redis.pid"; then say "redis: already running on $REDIS_PORT"; return; fi
  command -v redis-server >/dev/null || die "redis: redis-server not found (install the Debian package redis-server)"
  port_busy "$REDIS_PORT" && die "redis: port $REDIS_PORT is taken by another program (set EGOVUZ_REDIS_PORT)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --dir "$STATE/redis" --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log" \
    || die "redis: failed to start, see $STATE/redis/redis.log"
  wait_for redis 20 redis-cli -p "$REDIS_PORT" ping || die "redis: not answering on $REDIS_PORT"
  say "redis: started on 127.0.0.1:$REDIS_PORT"
}

index_format_changed() {
  # config/solr/INDEX_FORMAT is raised when a schema change needs a new index (e.g.
  # docValues on a field: Lucene refuses documents that disagree with the segments).
  local want; want="$(cat "$ROOT/config/solr/INDEX_FORMAT")"
  for core in ckan ckan_test; do
    [ -d "$STATE/solr/$core/data" ] || continue
    [ "$(cat "$STATE/solr/$core/INDEX_FORMAT" 2>/dev/null || echo 1)" = "$want" ] || return 0
  done
  return 1
}

solr_home() {
  # The solr home: solr.xml plus one core per site (ckan, ckan_test); conf refreshed from
  # the repository's configset every start, data kept unless INDEX_FORMAT changed: then
  # the index is dropped (`make run` indexes the site's datasets again, reindex-stale;
  # the tests index their own).
  local home="$STATE/solr" want
  want="$(cat "$ROOT/config/solr/INDEX_FORMAT")"
  mkdir -p "$home"
  cp "$ROOT/config/solr/solr.xml" "$home/solr.xml"
  for core in ckan ckan_test; do
    if [ -d "$home/$core/data" ] && [ "$(cat "$home/$core/INDEX_FORMAT" 2>/dev/null || echo 1)" != "$want" ]; then
      rm -rf "$home/$core/data"
      say "solr: index format $want (config/solr/INDEX_FORMAT): core $core emptied, to be indexed again"
    fi
    mkdir -p "$home/$core/conf"
    echo "$want" > "$home/$core/INDEX_FORMAT"
    echo "name=$core" > "$home/$core/core.properties"
    cp -r "$ROOT/config/solr/configset/conf/." "$home/$core/conf/"
  done
}

start_solr() {
  local url="http://127.0.0.1:$SOLR_PORT/solr"
  if pid_alive "$STATE/solr.pid" && index_format_changed; then
    say "solr: the index format changed: restarting Solr with empty cores"
    stop_pid solr "$STATE/solr.pid"
  fi
  if pid_alive "$STATE/solr.pid"; then
    # A configset changed since the start (e.g. a git pull) is copied and the cores reloaded.
    local before after
    before="$(cat "$STATE"/solr/ckan/conf/* 2>/dev/null | sha1sum)"
    solr_home
    after="$(cat "$STATE"/solr/ckan/conf/* 2>/dev/null | sha1sum)"
    if [ "$before" != "$after" ]; then
      for core in ckan ckan_test; do
        curl -sf "$url/admin/cores?action=RELOAD&core=$core" >/dev/null \
          || die "solr: reloading core $core with the new configset failed, see $STATE/solr.log"
      done
      say "solr: configset changed, cores reloaded"
    fi
    say "solr: already running at $url"; return
  fi
  command -v java >/dev/null || die "solr: java not found (Java 17 is required)"
  [ -f "$SOLR_LAUNCHER/target/egovuz-solr-1.0.jar" ] || die "solr: launcher not built (run scripts/setup.sh)"
  port_busy "$SOLR_PORT" && die "solr: port $SOLR_PORT is taken by another program (set EGOVUZ_SOLR_PORT)"
  solr_home
  nohup java -Xms256m -Xmx${EGOVUZ_SOLR_HEAP:-1g} -Dsolr.log.level=WARN \
    -Dlog4j2.configurationFile="$ROOT/config/solr/log4j2.xml" \
    -cp "$SOLR_LAUNCHER/target/egovuz-solr-1.0.jar:$SOLR_LAUNCHER/target/lib/*" \
    uz.egov.solr.Launcher "$STATE/solr" "$SOLR_PORT" >"$STATE/solr.log" 2>&1 &
  echo $! > "$STATE/solr.pid"
  # Up when the core answers; failed at once when the core cannot load or the JVM died.
  local end=$((SECONDS + 120)) rc=1
  while [ $SECONDS -lt $end ]; do
    if curl -sf "$url/ckan/select?q=*:*&rows=0" >/dev/null 2>&1; then rc=0; break; fi
    if ! pid_alive "$STATE/solr.pid" || grep -q -E "Unable to create core|Address already in use" "$STATE/solr.log"; then break; fi
    sleep 0.5
  done
  if [ $rc != 0 ]; then
    kill "$(cat "$STATE/solr.pid")" 2>/dev/null || true
    die "solr: did not come up at $url in 120 s, see $STATE/solr.log: $(grep -m3 -E 'ERROR|Exception' "$STATE/solr.log")"
  fi
  curl -sf "$url/ckan_test/select?q=*:*&rows=0" >/dev/null || die "solr: core ckan_test failed to load, see $STATE/solr.log"
  say "solr: started at $url (cores ckan, ckan_test)"
}

stop_all() {
  stop_pid web "$STATE/web.pid"
  for f in "$STATE"/worker*.pid; do [ -e "$f" ] && stop_pid "$(basename "$f" .pid)" "$f"; done
  stop_pid solr "$STATE/solr.pid"
  if pid_alive "$STATE/redis/redis.pid"; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || stop_pid redis "$STATE/redis/redis.pid"
    say "redis: stopped"
  fi
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 && say "postgres: stopped" || true
  fi
}

case "${1:-}" in
  start) mkdir -p "$STATE"; start_postgres; ensure_databases; start_redis; start_solr ;;
  stop) stop_all ;;
  # one service alone (the fault tests stop and start their own Solr)
  solr-start) mkdir -p "$STATE"; start_solr ;;
  solr-stop) stop_pid solr "$STATE/solr.pid" ;;
  redis-start) mkdir -p "$STATE"; start_redis ;;
  redis-stop)
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || stop_pid redis "$STATE/redis/redis.pid"
    rm -f "$STATE/redis/redis.pid"; say "redis: stopped" ;;
  pg-restart)
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 restart \
      -o "-p $PG_PORT -k $STATE/pg/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB" \
      -l "$STATE/pg/postgres.log" >/dev/null || die "postgres: restart failed, see $STATE/pg/postgres.log"
    say "postgres: restarted" ;;
  status)
    for p in "postgres:$PG_PORT" "redis:$REDIS_PORT" "solr:$SOLR_PORT" "web:$WEB_PORT"; do
      port_busy "${p#*:}" && echo "${p%%:*}: up on ${p#*:}" || echo "${p%%:*}: down"
    done ;;
  *) echo "usage: $0 start|stop|status|solr-start|solr-stop|redis-start|redis-stop|pg-restart"; exit 2 ;;
esac
