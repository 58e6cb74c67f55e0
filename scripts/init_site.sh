#!/usr/bin/env bash
# Prepares the databases behind one ini (the site's, or test.ini): CKAN's tables and every
# plugin's migrations, the DataStore permissions, the xloader token. Idempotent.
# Usage: scripts/init_site.sh INI DATASTORE_DB
source "$(dirname "$0")/lib.sh"
ini="${1:-$CKAN_INI}"; dsdb="${2:-datastore}"
ck() { "$VENV/bin/ckan" -c "$ini" "$@"; }
log="$STATE/init-$(basename "$ini").log"
ck db init >"$log" 2>&1 || die "ckan db init failed for $ini, see $log"
ck db upgrade >>"$log" 2>&1 || die "ckan db upgrade failed for $ini, see $log"
ck datastore set-permissions 2>>"$log" | psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$dsdb" -q -v ON_ERROR_STOP=1 >>"$log" 2>&1 \
  || die "datastore permissions failed for $dsdb, see $log"
if [ "$ini" = "$CKAN_INI" ] && ! grep -q -E '^ckanext.xloader.api_token *= *ey' "$ini"; then
  token="$(ck egovuz xloader-token 2>>"$log" | tail -n 1)"
  [ -n "$token" ] || die "could not create the xloader API token, see $log"
  ck config-tool "$ini" "ckanext.xloader.api_token=$token" >>"$log" 2>&1
fi
say "databases ready for $(basename "$ini")"
