#!/usr/bin/env bash
# Diarization benchmark (issue 4, part 7): wall time of speaker diarization against the recognition time of
# the same ~10-minute recording, and the ratio (target: under 0.25). The recording is built from the eval
# clips (many voices: ../shared/eval/speech and ../shared/eval/diarization) joined by short silences.
#
# usage: bench/diarization/diarization-bench.sh [EVAL_DIR]   (default ../shared/eval next to the repository)
# env:   BENCH_BUILD  reactor (default: ./mvnw package the engine and its siblings, no install) | none
#        JAVA_OPTS    e.g. -Dbench.minutes=10 -Dbench.runs=3 -Dbench.threads=2
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
eval_dir=${1:-${TRANSCRIBE_EVAL_DIR:-$root/../shared/eval}}
cp_file=$root/src/engine/target/bench-classpath.txt

case ${BENCH_BUILD:-reactor} in
    reactor) (cd "$root" && ./mvnw -B -q package dependency:build-classpath -pl src/engine -am -DskipTests \
                 -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime) ;;
    none)    ;;
    *)       echo "BENCH_BUILD must be reactor or none" >&2; exit 2 ;;
esac
[[ -f $cp_file ]] || { echo "not built: run with BENCH_BUILD=reactor" >&2; exit 2; }

echo "# $(date -u +%FT%TZ) $(uptime)"
# The engine's own classes first; its class path names the reactor jars of audio-format and transcript.
# shellcheck disable=SC2086
java -Xmx1g ${JAVA_OPTS:-} -Dtranscribe.eval.dir="$eval_dir" \
    -cp "$root/src/engine/target/classes:$(cat "$cp_file")" \
    "$here/DiarizationBench.java"
echo "# $(date -u +%FT%TZ) $(uptime)"
