#!/usr/bin/env bash
# Lambda cold starts, locally: process start -> first answered event, for the five functions of
# template.yaml (operator, submit, status, worker, sweeper), RUNS times each, medians printed.
# Each run starts a fresh JVM the way AWS's java17 runtime does (its runtime interface client calling
# QuarkusStreamHandler; C1-only, serial GC, heap 85 % of the function's memory) against a local Runtime
# API (bench/lambda/cold-start.mjs), PostgreSQL and ElasticMQ (bench's local stack), with the template's
# settings (no Flyway at start, no in-process scheduler). Migrations run first, through deploy/migrate.sh.
#
#   bench/lambda-cold-start.sh                  # builds the Lambda zips first (deploy/build.sh lambda)
#   SKIP_BUILD=1 RUNS=7 bench/lambda-cold-start.sh
#   CDS=1 bench/lambda-cold-start.sh            # also: the API zip as Packaging=jvm-cds ships it (deploy/build.sh
#                                               # lambda-cds: its own runtime and AppCDS archive, started by its
#                                               # bootstrap as provided.al2023 does), and the worker zip with an
#                                               # archive made here by one training start (not shipped: see
#                                               # docs/deployment.md)
#
# Needs: JDK 17, node 20, Maven Central (first run). Prints the load average beside the figures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="${BENCH_WORK:-$(mktemp -d /tmp/lambda-cold-start.XXXXXX)}"
STATE="$WORK/state.properties"
STACK_PID=""
PG_PID=""
BENCH_CP="$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"

cleanup() {
  local rc=$?
  set +e
  if [[ -n "$STACK_PID" ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM "$STACK_PID"; for _ in $(seq 1 150); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$STACK_PID" 2>/dev/null
  fi
  if [[ -n "$PG_PID" ]] && kill -0 "$PG_PID" 2>/dev/null; then kill -INT "$PG_PID"; fi
  echo "logs: $WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  if [[ "${CDS:-0}" == 1 ]]; then deploy/build.sh lambda-cds; else deploy/build.sh lambda; fi
  ./mvnw -B -ntp -q -f bench/pom.xml package      # the local stack (needs transcribe-local in the local repository)
  ./mvnw -B -ntp -q -f bench/lambda/pom.xml package
fi
# the java17 zips (deploy/build.sh lambda-cds keeps the API's as function-java17.zip)
api_zip=src/api/target/function.zip
unzip -l "$api_zip" bootstrap >/dev/null 2>&1 && api_zip=src/api/target/function-java17.zip
for app in api worker; do
  zip="src/$app/target/function.zip"; [[ $app == api ]] && zip="$api_zip"
  rm -rf "${WORK:?}/$app" && mkdir -p "$WORK/$app"
  (cd "$WORK/$app" && unzip -q "$ROOT/$zip")
done
if [[ "${CDS:-0}" == 1 ]]; then
  unzip -l src/api/target/function.zip bootstrap >/dev/null 2>&1 \
    || { echo "CDS=1: src/api/target/function.zip is not the jvm-cds build (deploy/build.sh lambda-cds)" >&2; exit 1; }
  rm -rf "${WORK:?}/cds" && mkdir -p "$WORK/cds/api"
  (cd "$WORK/cds/api" && unzip -q "$ROOT/src/api/target/function.zip")
  # the worker zip's root as a jar, for its CDS runs (AppCDS refuses directories on the class path)
  ln -s ../worker "$WORK/cds/worker"
  rm -f "$WORK/cds/worker-root.jar" && (cd "$WORK/worker" && zip -q -r "$WORK/cds/worker-root.jar" . -x 'lib/*')
fi

echo "== local stack"
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Djavax.net.ssl.trustStore="$ROOT/src/local/tls/truststore.p12" -Djavax.net.ssl.trustStorePassword=changeit \
  -Dtranscribe.tls.keystore="$ROOT/src/local/tls/localhost.p12" \
  -cp "$BENCH_CP" ai.synapses.transcribe.bench.Bench stack "$STATE" >"$WORK/stack.log" 2>&1 &
STACK_PID=$!
for _ in $(seq 1 600); do grep -q '^ready=true' "$STATE" 2>/dev/null && break; kill -0 "$STACK_PID" || { cat "$WORK/stack.log"; exit 1; }; sleep 0.2; done
PG_PID="$(sed -n 's/^pg.pid=//p' "$STATE")"
JDBC_URL="$(sed -n 's/^pg.jdbc.url=//p' "$STATE" | sed 's/\\:/:/g; s/\\=/=/g')"

echo "== migrations (deploy/migrate.sh)"
QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  deploy/migrate.sh >"$WORK/migrate.log" 2>&1 || { tail -30 "$WORK/migrate.log"; exit 1; }
tail -1 "$WORK/migrate.log"

echo "== cold starts (JVM, as AWS's java17 runtime starts it)"
WORK="$WORK" node bench/lambda/cold-start.mjs "$STATE"

if [[ "${CDS:-0}" == 1 ]]; then
  only() { local keep=(); for f in "$@"; do [[ ",${FUNCTIONS:-operator,submit,status,worker,sweeper}," == *",$f,"* ]] && keep+=("$f"); done; (IFS=,; echo "${keep[*]}"); }
  api_fns="$(only operator submit status)"; worker_fns="$(only worker sweeper)"
  if [[ -n "$api_fns" ]]; then
    echo "== the API zip as Packaging=jvm-cds ships it (its bootstrap, its runtime, its archive)"
    WORK="$WORK/cds" FUNCTIONS="$api_fns" node bench/lambda/cold-start.mjs "$STATE"
  fi
  if [[ -n "$worker_fns" ]]; then
    echo "== the worker zip with an AppCDS archive made here by one training start (not shipped)"
    WORK="$WORK/cds" RUNS=1 FUNCTIONS=worker JAVA_EXTRA="-XX:ArchiveClassesAtExit=$WORK/cds/worker.jsa" node bench/lambda/cold-start.mjs "$STATE" >/dev/null
    WORK="$WORK/cds" FUNCTIONS="$worker_fns" JAVA_EXTRA="-XX:SharedArchiveFile=$WORK/cds/worker.jsa" node bench/lambda/cold-start.mjs "$STATE"
  fi
fi
