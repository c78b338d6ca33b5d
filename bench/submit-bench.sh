#!/usr/bin/env bash
# Submit benchmark: the packaged API against PostgreSQL and the queue, with the audio served over HTTPS on
# loopback, then the "floor": the submit's own external work done by plain clients, no service (the range GET,
# the one-statement pre-charge in autocommit the service itself uses, the queue send). RUNS pairs of the two
# phases; the report prints each run, the medians, the work per submit (API / floor-client CPU, database
# transactions, rows written, queue calls) and judges, on the medians, the targets: service throughput at least
# 0.9x the floor's in the same run, service p99 under 80 ms.
#
#   bench/submit-bench.sh                      # builds, then 3 x (service, floor): 10 to 40 minutes (see WARMUP_MAX, QUIET_WAIT)
#   CLIENTS=32 DURATION=30 bench/submit-bench.sh
#   ORGS=32 CLIENTS=128 SKIP_BUILD=1 bench/submit-bench.sh   # no shared balance row; more clients
#   SKIP_BUILD=1 PROFILE=1 bench/submit-bench.sh   # reuse the last build; JFR-sample the API while measured
#
# Settings (environment):
#   RUNS=3             pairs of phases (service, then floor); the API is started afresh for each service phase,
#                      the organisations are made once
#   CLIENTS=32         concurrent clients (each its own keep-alive connection / JDBC connection)
#   DURATION=30        measured seconds per phase
#   WARMUP=20          minimum warm-up seconds per phase (discarded); the warm-up then goes on until the JIT
#   WARMUP_MAX=300     compilers of the JVM doing the work (API, floor client) are quiet, at most WARMUP_MAX
#   QUIET_WAIT=180     before each phase, wait up to this long for other processes to leave the CPU (0: don't)
#   ORGS=1             organisations the clients submit for, client i for organisation i % ORGS (1: every debit
#                      hits the same balance row; ORGS=32 takes that contention away)
#   FLOOR_TX=single    the floor's pre-charge: one statement in autocommit, as the service does it (default), or
#                      statements: the three statements in a client-driven transaction (a diagnostic: it holds the
#                      organisation's row lock across client round trips, which the service does not)
#   FLOOR_DB_POOL, FLOOR_HTTP, FLOOR_PARTS   more floor variants (diagnostics, see FloorPhase.java)
#   SKIP_BUILD=1       do not run the two Maven builds
#   PROFILE=1          record the API with JFR (bench/cpu-samples.jfc: execution samples every 5 ms) during each measured service window and print the
#                      hottest frames of all runs; JFR costs the API some throughput: take the figures from a run without it
#   API_JAVA_OPTS      extra JVM options for the API (default: none, the JVM's own ergonomics)
#   STRICT=1           exit 1 when a target is missed (default: exit 0 after a complete run)
#   BENCH_WORK=DIR     where logs, state and the JFR files go (default: a new /tmp/submit-bench.XXXXXX)
#
# Everything listens on 127.0.0.1 only. Every process the script starts is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CLIENTS="${CLIENTS:-32}"
WARMUP="${WARMUP:-20}"
WARMUP_MAX="${WARMUP_MAX:-300}"
DURATION="${DURATION:-30}"
QUIET_WAIT="${QUIET_WAIT:-180}"
ORGS="${ORGS:-1}"
RUNS="${RUNS:-3}"
FLOOR_TX="${FLOOR_TX:-single}"
export CLIENTS WARMUP WARMUP_MAX DURATION QUIET_WAIT ORGS FLOOR_TX
for n in "$CLIENTS" "$WARMUP" "$WARMUP_MAX" "$DURATION" "$QUIET_WAIT" "$ORGS" "$RUNS"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "CLIENTS, WARMUP, WARMUP_MAX, DURATION, QUIET_WAIT, ORGS and RUNS must be whole numbers" >&2; exit 2; }
done
(( CLIENTS > 0 && DURATION > 0 && ORGS > 0 && RUNS > 0 )) || { echo "CLIENTS, DURATION, ORGS and RUNS must be positive" >&2; exit 2; }
[[ "$FLOOR_TX" == single || "$FLOOR_TX" == statements ]] || { echo "FLOOR_TX is single or statements" >&2; exit 2; }

WORK="${BENCH_WORK:-$(mktemp -d /tmp/submit-bench.XXXXXX)}"
mkdir -p "$WORK"
STATE="$WORK/state.properties"
rm -f "$STATE" "$WORK"/service-*.properties "$WORK"/floor-*.properties "$WORK"/service-*.jfr "$WORK"/service-*.jfr.log

TRUSTSTORE="$ROOT/src/local/tls/truststore.p12"
KEYSTORE="$ROOT/src/local/tls/localhost.p12"
API_JAR="$ROOT/src/api/target/quarkus-app/quarkus-run.jar"
BENCH_CP="$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"
BENCH_JAVA=(java -Xms256m -Xmx1g
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Djavax.net.ssl.trustStore="$TRUSTSTORE" -Djavax.net.ssl.trustStorePassword=changeit
  -Dtranscribe.tls.keystore="$KEYSTORE"
  # keep-alive cache of HttpURLConnection (the SDK's URL-connection client): one per client, not the default 5
  -Dhttp.maxConnections=$((CLIENTS > 64 ? CLIENTS : 64))
  -cp "$BENCH_CP" ai.synapses.transcribe.bench.Bench)

STACK_PID="" API_PID="" PG_PID=""

stop_pid() { # pid [seconds]
  local pid="$1" wait_s="${2:-15}" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait_s * 5; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_pid "$API_PID" 15
  stop_pid "$STACK_PID" 30          # its shutdown hooks stop PostgreSQL
  if [[ -n "$PG_PID" ]] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID" 2>/dev/null  # PostgreSQL "fast" shutdown, in case the stack JVM could not
    for ((i = 0; i < 50; i++)); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$PG_PID" 2>/dev/null
  fi
  echo "logs and state: $WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prop() { # key: a value from the state file (java.util.Properties escapes ':' and '=')
  local line
  line="$(grep -m1 "^$1=" "$STATE" || true)"
  [[ -n "$line" ]] || { echo "no $1 in $STATE" >&2; return 1; }
  line="${line#*=}"
  line="${line//\\:/:}"
  line="${line//\\=/=}"
  printf '%s' "$line"
}

log_tail() { echo "---- last lines of $1 ----" >&2; tail -n 40 "$1" >&2 || true; }

# ---------------------------------------------------------------- 1. build
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== build (root install, then bench/pom.xml)"
  ./mvnw -B -q install -DskipTests
  ./mvnw -B -q -f bench/pom.xml package
fi
[[ -f "$API_JAR" ]] || { echo "no $API_JAR: build first (./mvnw install -DskipTests)" >&2; exit 1; }
[[ -d "$ROOT/bench/target/lib" ]] || { echo "bench not built: ./mvnw -q -f bench/pom.xml package" >&2; exit 1; }

# ---------------------------------------------------------------- 1. local stack
echo "== local stack (logs: $WORK/stack.log)"
"${BENCH_JAVA[@]}" stack "$STATE" >"$WORK/stack.log" 2>&1 &
STACK_PID=$!
for ((i = 0; i < 600; i++)); do
  [[ -f "$STATE" ]] && grep -q '^ready=true' "$STATE" && break
  kill -0 "$STACK_PID" 2>/dev/null || { log_tail "$WORK/stack.log"; echo "the local stack did not start" >&2; exit 1; }
  sleep 0.2
done
grep -q '^ready=true' "$STATE" 2>/dev/null || { log_tail "$WORK/stack.log"; echo "the local stack did not start in 120 s" >&2; exit 1; }
PG_PID="$(prop pg.pid || true)"
cat "$WORK/stack.log"

ADMIN_TOKEN="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
echo "admin.token=$ADMIN_TOKEN" >>"$STATE"
API_PORT="$(prop api.port)"
QUEUE_ENDPOINT="$(prop queue.endpoint)"

# ---------------------------------------------------------------- 1. the packaged API, prod profile
API_JFR_OPTS=""
if [[ "${PROFILE:-0}" == 1 ]]; then
  # JFR from the start: starting it later, in the measured window, retransforms classes and throws away
  # compiled code (the API fell to a quarter of its rate). This recording only keeps JFR armed; the
  # service step starts the recording that is analysed when its measured window opens.
  API_JFR_OPTS="-XX:StartFlightRecording=name=armed,settings=default,maxage=1m"
fi

start_api() { # a fresh API process, as deployed (prod profile); its pid into the state file
  echo "== API http://127.0.0.1:$API_PORT (logs: $WORK/api-$1.log)"
  # TRANSCRIBE_LIMITS_SUBMITS_PER_MINUTE: the benchmark measures throughput, not the per-organisation rate limit (its statement still runs)
  # shellcheck disable=SC2086
  QUARKUS_DATASOURCE_REACTIVE_URL="$(prop pg.reactive.url)" \
  QUARKUS_DATASOURCE_JDBC_URL="$(prop pg.jdbc.url)" \
  QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_DATASOURCE_PASSWORD=postgres \
  TRANSCRIBE_QUEUE_URL="$(prop queue.url)" \
  QUARKUS_SQS_ENDPOINT_OVERRIDE="$QUEUE_ENDPOINT" \
  AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x \
  TRANSCRIBE_ADMIN_TOKEN="$ADMIN_TOKEN" \
  TRANSCRIBE_FETCH_ALLOW_PRIVATE_ADDRESSES=true \
  TRANSCRIBE_LIMITS_SUBMITS_PER_MINUTE=100000000 \
  QUARKUS_HTTP_PORT="$API_PORT" \
  QUARKUS_HTTP_HOST=127.0.0.1 \
    java ${API_JAVA_OPTS:-} ${API_JFR_OPTS:-} \
      -Djavax.net.ssl.trustStore="$TRUSTSTORE" -Djavax.net.ssl.trustStorePassword=changeit \
      -jar "$API_JAR" >"$WORK/api-$1.log" 2>&1 &
  API_PID=$!
  sed -i '/^api\.pid=/d' "$STATE"
  echo "api.pid=$API_PID" >>"$STATE"
  local code="" i
  for ((i = 0; i < 600; i++)); do
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$API_PORT/v1/audio/transcriptions/trans_x" || true)"
    [[ "$code" != 000 ]] && break
    kill -0 "$API_PID" 2>/dev/null || { log_tail "$WORK/api-$1.log"; echo "the API exited during start-up" >&2; exit 1; }
    sleep 0.2
  done
  [[ "$code" != 000 ]] || { log_tail "$WORK/api-$1.log"; echo "the API did not answer in 120 s" >&2; exit 1; }
  grep -m1 -E 'started in|Listening on' "$WORK/api-$1.log" || true
}

start_api 1
echo "== setup (operator API)"
"${BENCH_JAVA[@]}" setup "$STATE"

PHASE_LIMIT=$((QUIET_WAIT + WARMUP_MAX + DURATION + 180))   # a hard bound on each phase's process

RESULTS=()
for ((run = 1; run <= RUNS; run++)); do
  # -------------------------------------------------------------- 2. SERVICE
  [[ -n "$API_PID" ]] || start_api "$run"
  echo "== run $run of $RUNS: SERVICE phase"
  if [[ "${PROFILE:-0}" == 1 ]]; then
    export PROFILE_JFR="$WORK/service-$run.jfr" PROFILE_JFC="$ROOT/bench/cpu-samples.jfc"   # the service step starts JFR on the API when its measured window opens
  fi
  timeout --kill-after=10 "$PHASE_LIMIT" "${BENCH_JAVA[@]}" service "$STATE" "$WORK/service-$run.properties"
  if [[ "${PROFILE:-0}" == 1 ]]; then
    for ((i = 0; i < 50; i++)); do [[ -s "$WORK/service-$run.jfr" ]] && break; sleep 0.2; done   # JFR writes when its duration ends
  fi
  stop_pid "$API_PID" 15   # the floor runs without the service
  API_PID=""

  # -------------------------------------------------------------- 3. FLOOR
  echo "== run $run of $RUNS: FLOOR phase (no service: range GET + pre-charge (FLOOR_TX=$FLOOR_TX) + queue send by plain clients)"
  timeout --kill-after=10 "$PHASE_LIMIT" "${BENCH_JAVA[@]}" floor "$STATE" "$WORK/floor-$run.properties"
  RESULTS+=("$WORK/service-$run.properties" "$WORK/floor-$run.properties")
done

# ---------------------------------------------------------------- 4. report
REPORT_RC=0
"${BENCH_JAVA[@]}" report "${RESULTS[@]}" || REPORT_RC=$?

if [[ "${PROFILE:-0}" == 1 ]] && compgen -G "$WORK/service-*.jfr" >/dev/null; then
  set +o pipefail   # head closes the pipes of the summaries below early
  echo
  echo "== API profile ($WORK/service-*.jfr, all runs): hottest top-of-stack frames (jdk.ExecutionSample)"
  : >"$WORK/samples.txt"
  for jfr_file in "$WORK"/service-*.jfr; do
    if [[ -s "$jfr_file" ]]; then
      jfr print --stack-depth 256 --events jdk.ExecutionSample "$jfr_file" >>"$WORK/samples.txt"
    fi
  done
  # top-of-stack frames (self time)
  awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/[ \t]*line:.*/, ""); print}' "$WORK/samples.txt" \
    | sort | uniq -c | sort -rn | head -25
  echo "== self time by package of the top frame"
  awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); n = split($0, p, "."); print p[1] "." p[2] "." p[3]}' "$WORK/samples.txt" \
    | sort | uniq -c | sort -rn | head -15
  echo "== project frames present in most samples (inclusive)"
  awk '/stackTrace = \[/ {inside = 1; delete seen; next}
       inside && /^[ \t]*\]/ {inside = 0; next}
       inside { line = $0; sub(/^[ \t]+/, "", line); sub(/[ \t]*line:.*/, "", line);
                if (line ~ /^ai\.synapses/ && !(line in seen)) { seen[line] = 1; print line } }' \
    "$WORK/samples.txt" | sort | uniq -c | sort -rn | head -25
  echo "== where the API's CPU goes: each sample counted once, under the first of these parts found from the top of its stack"
  awk 'function part(f) {
         if (f ~ /^software\.amazon\.awssdk/) return "queue calls (AWS SDK)";
         if (f ~ /^(org\.apache\.hc|sun\.security\.ssl|ai\.synapses\.transcribe\.egress|ai\.synapses\.transcribe\.probe|ai\.synapses\.transcribe\.audioformat)/) return "audio probe (HTTPS client, TLS, format)";
         if (f ~ /^(io\.vertx\.pgclient|io\.vertx\.sqlclient|io\.vertx\.mutiny\.sqlclient)/) return "database (reactive PostgreSQL client)";
         if (f ~ /^(com\.fasterxml\.jackson|org\.eclipse\.parsson|jakarta\.json)/) return "JSON (parse, render)";
         if (f ~ /^(org\.jboss\.logmanager|org\.jboss\.logging|java\.util\.logging)/) return "logging";
         if (f ~ /^io\.micrometer/) return "metrics (Micrometer)";
         if (f ~ /^io\.smallrye\.faulttolerance/) return "fault tolerance (guards)";
         if (f ~ /^io\.smallrye\.context/) return "context propagation";
         if (f ~ /^io\.quarkus\.security|^io\.quarkus\.vertx\.http\.runtime\.security/) return "authentication";
         if (f ~ /^io\.quarkus\.arc/) return "CDI (ArC)";
         if (f ~ /^io\.smallrye\.mutiny/) return "Mutiny";
         if (f ~ /^(io\.netty|io\.vertx\.core|org\.jboss\.resteasy|io\.quarkus\.resteasy|io\.quarkus\.vertx)/) return "HTTP server (Netty, Vert.x, RESTEasy Reactive)";
         if (f ~ /^ai\.synapses/) return "service code";
         return "";
       }
       /jdk.ExecutionSample/ { if (open) { counted[found == "" ? "other (JDK)" : found]++; total++ } open = 1; found = ""; next }
       /stackTrace = \[/ { next }
       open && found == "" { line = $0; sub(/^[ \t]+/, "", line); found = part(line) }
       END { if (open) { counted[found == "" ? "other (JDK)" : found]++; total++ }
             for (k in counted) printf "%6d  %5.1f %%  %s\n", counted[k], 100 * counted[k] / total, k }' \
    "$WORK/samples.txt" | sort -rn
  echo "samples: $(grep -c 'jdk.ExecutionSample' "$WORK/samples.txt") (full stacks in $WORK/samples.txt)"
fi

if [[ "${STRICT:-0}" == 1 ]]; then
  exit "$REPORT_RC"
fi
exit 0
