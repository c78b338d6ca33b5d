#!/usr/bin/env bash
# Worker benchmark (issue 3, item 8): WER per set, short-job and 10-minute RTF, two-jobs-at-once throughput,
# every job through the worker's real path (AudioDecoders on the WAV, then the fvt-1 recognizer).
#
# usage: bench/worker/worker-bench.sh [EVAL_DIR]        (default ../shared/eval next to the repository)
# env:   BENCH_ENRICHMENT  1 (default): afterwards the diarization and text-feature cost benches; 0: skip them
#        BENCH_TIMEOUT  hard limit in seconds for the Java run (default 1200; sections past it minus 60 s are skipped)
#        BENCH_BUILD    bench (default: package this project) | all (first ./mvnw install -DskipTests at the root) | none
#        JAVA_OPTS      extra JVM flags, e.g. -Dbench.long.minutes=5 -Dbench.pair.seconds=60 -Dbench.decoder=java
#                       -Dbench.threads=1 -Dbench.only=3,4 (sections) -Dbench.verbose=true (ref/hyp of files with errors)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
eval_dir=${1:-${TRANSCRIBE_EVAL_DIR:-$root/../shared/eval}}
timeout_s=${BENCH_TIMEOUT:-1200}
build=${BENCH_BUILD:-bench}

work=$(mktemp -d "${TMPDIR:-/tmp}/worker-bench.XXXXXX")
java_pid=""
cleanup() {
    if [[ -n $java_pid ]] && kill -0 "$java_pid" 2>/dev/null; then
        kill "$java_pid" 2>/dev/null || true
        wait "$java_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case $build in
    all)   (cd "$root" && ./mvnw -B -q install -DskipTests)
           "$root/mvnw" -B -q -f "$here/pom.xml" package ;;
    bench) "$root/mvnw" -B -q -f "$here/pom.xml" package ;;
    none)  ;;
    *)     echo "BENCH_BUILD must be bench, all or none" >&2; exit 2 ;;
esac
[[ -f $here/target/classpath.txt ]] || { echo "not built: run with BENCH_BUILD=bench (or all)" >&2; exit 2; }

echo "# $(date -u +%FT%TZ) $(uptime)"
# shellcheck disable=SC2086
timeout --kill-after=20 "$timeout_s" java -Xmx1g ${JAVA_OPTS:-} \
    -Dtranscribe.eval.dir="$eval_dir" -Dbench.work.dir="$work" -Dbench.budget.seconds=$((timeout_s > 120 ? timeout_s - 60 : timeout_s)) \
    -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    ai.synapses.transcribe.bench.worker.WorkerBench &
java_pid=$!
status=0
wait "$java_pid" || status=$?
java_pid=""
echo "# $(date -u +%FT%TZ) $(uptime)"
[[ $status -eq 124 ]] && echo "worker bench: killed after ${timeout_s} s (BENCH_TIMEOUT)" >&2

# The cost of enrichment on a 10-minute recording (issue 4, item 7): diarization against recognition
# (< 25 %), then the text features and redaction against recognition (< 5 %). BENCH_ENRICHMENT=0 skips them.
if [[ ${BENCH_ENRICHMENT:-1} == 1 ]]; then
    echo
    echo "== enrichment: diarization (bench/diarization/diarization-bench.sh)"
    BENCH_BUILD=reactor "$root/bench/diarization/diarization-bench.sh" "$eval_dir" || status=$?
    echo
    echo "== enrichment: text features and redaction (bench/intelligence-bench.sh)"
    BENCH_BUILD=build "$root/bench/intelligence-bench.sh" "$eval_dir" || status=$?
fi
exit "$status"
