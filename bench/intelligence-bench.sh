#!/usr/bin/env bash
# Text-feature benchmark (issue 4, item 7): on a ~10-minute recording (the eval clips joined), the time of
# redaction + sentiment + entities + highlights + summary as a share of the recognition time (target < 5%).
#
# usage: bench/intelligence-bench.sh [EVAL_DIR]             (default ../shared/eval next to the repository)
#        bench/intelligence-bench.sh transcribe FILE.wav    (what the engine hears in one file)
# env:   JAVA_OPTS   e.g. -Dbench.minutes=5
#        BENCH_BUILD=none   reuse the last build
# Builds src/engine (and its reactor siblings) into target/ only; nothing is installed into ~/.m2.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
if [[ ${BENCH_BUILD:-build} != none ]]; then
    ./mvnw -B -q -o test-compile -pl src/engine -am
    ./mvnw -B -q -o dependency:build-classpath -pl src/engine -Dmdep.outputFile=target/bench-classpath.txt \
        -Dmdep.includeScope=test
fi
cp="src/engine/target/test-classes:src/engine/target/classes:src/transcript/target/classes:src/audio-format/target/classes:$(cat src/engine/target/bench-classpath.txt)"
if [[ ${1:-} == transcribe ]]; then
    exec java -Xmx1g -cp "$cp" ai.synapses.transcribe.intelligence.IntelligenceBench transcribe "$2"
fi
eval_dir=${1:-${TRANSCRIBE_EVAL_DIR:-$root/../shared/eval}}
echo "# $(date -u +%FT%TZ) $(uptime)"
# shellcheck disable=SC2086
java -Xmx1g ${JAVA_OPTS:-} -cp "$cp" ai.synapses.transcribe.intelligence.IntelligenceBench "$eval_dir"
echo "# $(date -u +%FT%TZ) $(uptime)"
