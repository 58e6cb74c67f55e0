#!/usr/bin/env bash
# Installs everything the portal needs on a fresh Debian 12 machine (idempotent):
# system packages, the virtualenv with pinned Python packages, the Solr launcher,
# the locale folder and STATE/ckan.ini.
source "$(dirname "$0")/lib.sh"
mkdir -p "$STATE"

# System packages (Debian): PostgreSQL, Redis, gettext; Java/Maven must be there.
need=()
command -v redis-server >/dev/null || need+=(redis-server)
{ command -v pg_ctl >/dev/null || [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; } || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
# nginx: the reverse proxy of the multi-node test (and of production, config/deploy/).
{ command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${need[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || die "apt-get install ${need[*]} failed"
    # Debian starts system services on install; ours are started by scripts/services.sh.
    service redis-server stop >/dev/null 2>&1 || true
    service postgresql stop >/dev/null 2>&1 || true
    service nginx stop >/dev/null 2>&1 || true
  else
    die "missing system packages: ${need[*]} (install them, e.g. apt-get install ${need[*]})"
  fi
fi
command -v java >/dev/null || die "java not found: Java 17 is needed for Solr"
command -v mvn >/dev/null || die "mvn not found: Maven is needed to fetch Solr from Maven Central"

# Python virtualenv with pinned packages.
stamp="$VENV/.egovuz-installed"
want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" "$ROOT/constraints.txt" "$ROOT/setup.py" | sha1sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "python: installing packages into $VENV"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || die "python3 -m venv failed"
  "$VENV/bin/pip" install -q --upgrade pip >/dev/null 2>&1 || true
  "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt" -c "$ROOT/constraints.txt" \
    || die "pip install failed"
  "$VENV/bin/pip" install -q --no-deps -e "$ROOT" || die "pip install -e . failed"
  echo "$want" > "$stamp"
fi

# The interoperability checkers of make test (schemathesis, mlcroissant): their own virtualenv,
# as their dependencies conflict with CKAN's pins (requirements-interop.txt says which).
interop="${EGOVUZ_INTEROP_VENV:-$ROOT/.venv-interop}"
stamp="$interop/.egovuz-installed"
want="$(sha1sum < "$ROOT/requirements-interop.txt" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "python: installing the interoperability checkers into $interop"
  [ -x "$interop/bin/python" ] || python3 -m venv "$interop" || die "python3 -m venv failed"
  "$interop/bin/pip" install -q --upgrade pip >/dev/null 2>&1 || true
  "$interop/bin/pip" install -q -r "$ROOT/requirements-interop.txt" || die "pip install (interop) failed"
  echo "$want" > "$stamp"
fi

# Solr launcher (Solr 9 jars from Maven Central).
jar="$SOLR_LAUNCHER/target/egovuz-solr-1.0.jar"
if [ ! -f "$jar" ] || [ "$SOLR_LAUNCHER/pom.xml" -nt "$jar" ] || [ -n "$(find "$SOLR_LAUNCHER/src" -name '*.java' -newer "$jar")" ]; then
  say "solr: fetching Solr 9 from Maven Central and building the launcher"
  (cd "$SOLR_LAUNCHER" && mvn -q -B package -DskipTests >"$STATE/mvn.log" 2>&1) \
    || die "solr: maven build failed, see $STATE/mvn.log"
fi

# Browser checks of `make test`: Debian's Chromium driven by playwright-core (npm).
browser=()
[ -x "${EGOVUZ_CHROMIUM:-/usr/bin/chromium}" ] || browser+=(chromium)
command -v npm >/dev/null || browser+=(nodejs npm)
if [ ${#browser[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${browser[*]} (browser checks of make test)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${browser[@]}" >/dev/null \
      || die "apt-get install ${browser[*]} failed"
  else
    say "warning: ${browser[*]} missing: the browser checks of make test will fail (apt-get install ${browser[*]})"
  fi
fi
# npm packages of the browser checks (package-lock.json pins them).
if command -v npm >/dev/null && { [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; }; then
  say "npm: installing the browser-check packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund >"$STATE/npm.log" 2>&1) || die "npm ci failed, see $STATE/npm.log"
fi

# Locales (uz, uz_Cyrl added to CKAN's) and the config.
"$VENV/bin/python" "$ROOT/scripts/build_i18n.py" "$STATE/i18n" 2>/dev/null || die "i18n build failed"
export STATE VENV CKAN_INI WEB_HOST WEB_PORT PG_PORT REDIS_PORT SOLR_PORT DB_PASS
"$VENV/bin/python" "$ROOT/scripts/make_config.py" || die "writing $CKAN_INI failed"
say "setup: done"
