#!/usr/bin/env bash
# `make test`: the test databases, then the full pytest suite against the real services.
source "$(dirname "$0")/lib.sh"
export CKAN_SQLALCHEMY_URL="postgresql://ckan_default:$DB_PASS@127.0.0.1:$PG_PORT/ckan_test"
export CKAN_DATASTORE_WRITE_URL="postgresql://datastore_write:$DB_PASS@127.0.0.1:$PG_PORT/datastore_test"
export CKAN_DATASTORE_READ_URL="postgresql://datastore_read:$DB_PASS@127.0.0.1:$PG_PORT/datastore_test"
export CKAN_SOLR_URL="http://127.0.0.1:$SOLR_PORT/solr/ckan_test"
export CKAN_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1"
export CKAN_INI="$ROOT/test.ini"
bash "$ROOT/scripts/init_site.sh" "$ROOT/test.ini" datastore_test
cd "$ROOT"
# Style first (pyproject.toml): ruff check and ruff format, 0 findings.
"$VENV/bin/ruff" check . || die "ruff check found problems (run: .venv/bin/ruff check --fix .)"
"$VENV/bin/ruff" format --check . >/dev/null || die "code not formatted (run: .venv/bin/ruff format .)"
set +e
"$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
[ $rc = 5 ] && die "no tests were collected"
# The full suite ends with the SolrCloud stage (make test-cloud); `make test ARGS=...` runs
# only what it names.
if [ $# -eq 0 ] && [ "${EGOVUZ_SKIP_CLOUD:-0}" != 1 ]; then
  set +e
  EGOVUZ_TEST_DB_READY=1 bash "$ROOT/scripts/test_cloud.sh"
  cloud=$?
  set -e
  [ $rc = 0 ] && rc=$cloud
fi
exit $rc
