#!/usr/bin/env bash
# `make test-cloud` (and the last stage of a full `make test`): a two-node SolrCloud with
# embedded ZooKeeper (config/solr/launcher, CloudLauncher), the configset uploaded, the
# collection `ckan` with 2 shards x 2 replicas; then the search tests, the relevance
# sets and ckanext/egovuz/ops/tests/test_solrcloud.py (a node stops, search answers, the
# node rejoins) with CKAN_SOLR_URL pointed at the collection. Everything in a tmp dir,
# stopped at the end. Extra arguments go to pytest.
source "$(dirname "$0")/lib.sh"
export CKAN_SQLALCHEMY_URL="postgresql://ckan_default:$DB_PASS@127.0.0.1:$PG_PORT/ckan_test"
export CKAN_DATASTORE_WRITE_URL="postgresql://datastore_write:$DB_PASS@127.0.0.1:$PG_PORT/datastore_test"
export CKAN_DATASTORE_READ_URL="postgresql://datastore_read:$DB_PASS@127.0.0.1:$PG_PORT/datastore_test"
export CKAN_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1"
export CKAN_INI="$ROOT/test.ini"
jar="$SOLR_LAUNCHER/target/egovuz-solr-1.0.jar"
[ -f "$jar" ] || die "solr: launcher not built (run scripts/setup.sh)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/egovuz-cloud.XXXXXX")"
control="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$tmp/cloud.log"
java -Xms256m -Xmx${EGOVUZ_SOLR_HEAP:-1g} -Dsolr.log.level=WARN \
  -Dlog4j2.configurationFile="$ROOT/config/solr/log4j2.xml" \
  -cp "$jar:$SOLR_LAUNCHER/target/lib/*" uz.egov.solr.CloudLauncher \
  "$tmp/cloud" "$ROOT/config/solr/configset/conf" ckan 2 2 2 "$control" >"$log" 2>&1 &
pid=$!
cleanup() {
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# the test databases while the nodes start; `make test` prepared them already (test.sh):
# not again (3 ckan starts, minutes on a loaded machine)
[ "${EGOVUZ_TEST_DB_READY:-0}" = 1 ] || bash "$ROOT/scripts/init_site.sh" "$ROOT/test.ini" datastore_test
end=$((SECONDS + 300))
until grep -q CLOUD_READY "$log"; do
  kill -0 "$pid" 2>/dev/null || die "solrcloud: the launcher died: $(grep -m5 -E 'ERROR|Exception' "$log")"
  [ $SECONDS -ge $end ] && die "solrcloud: not ready in 300 s: $(grep -m5 -E 'ERROR|Exception' "$log")"
  sleep 1
done
node1="$(awk '/^NODE 1 /{print $3}' "$log")"; node2="$(awk '/^NODE 2 /{print $3}' "$log")"
say "solrcloud: nodes $node1 $node2, collection ckan (2 shards x 2 replicas), control port $control"
export CKAN_SOLR_URL="$node1/ckan"
export EGOVUZ_SOLRCLOUD_CONTROL="127.0.0.1:$control" EGOVUZ_SOLRCLOUD_NODES="$node1 $node2"
cd "$ROOT"
targets=(ckanext/egovuz/search/tests ckanext/egovuz/ops/tests/test_solrcloud.py)
[ -f tests/test_guide_names.py ] && targets+=(tests/test_guide_names.py)
set +e
"$VENV/bin/python" -m pytest "${targets[@]}" "$@"
rc=$?
set -e
if [ $rc -ne 0 ]; then  # what the nodes said (recoveries, timeouts), for the failure
  say "solrcloud: the last warnings of the nodes"
  grep -E "WARN|ERROR" "$log" | cut -c1-400 | tail -n 40 || true
fi
exit $rc
