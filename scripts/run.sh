#!/usr/bin/env bash
# `make run`: databases, demo sysadmin and content, web server and worker.
source "$(dirname "$0")/lib.sh"
ck() { "$VENV/bin/ckan" -c "$CKAN_INI" "$@"; }
bash "$ROOT/scripts/init_site.sh" "$CKAN_INI" datastore
ADMIN_USER="${EGOVUZ_ADMIN_USER:-admin}"
ADMIN_PASS="${EGOVUZ_ADMIN_PASSWORD:-Admin12345!}"
ck egovuz sysadmin "$ADMIN_USER" --password "$ADMIN_PASS" --email "admin@data.egov.uz" >>"$STATE/run.log" 2>&1 \
  || die "could not create the sysadmin, see $STATE/run.log"
bash "$ROOT/scripts/serve.sh" start
say "demo: loading content (first run: a few minutes; tables keep loading in the background)"
ck egovuz demo load 2>>"$STATE/run.log" || die "demo load failed, see $STATE/run.log"
ck egovuz-participation demo >>"$STATE/run.log" 2>&1 || say "demo: participation content failed, see $STATE/run.log"
say "demo: waiting for the tables to reach the DataStore (xloader jobs)"
ck egovuz demo wait --timeout "${EGOVUZ_DEMO_WAIT:-1200}" 2>>"$STATE/run.log" \
  || say "demo: some tables are still loading or failed (see $STATE/worker.log); the portal is up"
ck egovuz-content demo 2>>"$STATE/run.log" || die "demo content failed, see $STATE/run.log"
cat <<MSG

  Portal:    http://$WEB_HOST:$WEB_PORT
  Sysadmin:  $ADMIN_USER / $ADMIN_PASS  (set when the account was created; a changed
             password is kept: ckan egovuz sysadmin $ADMIN_USER --reset-password … resets it)
  Logs:      $STATE/*.log      Stop: make stop

MSG
