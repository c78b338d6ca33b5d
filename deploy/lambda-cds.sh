#!/usr/bin/env bash
# Repackages the API's Lambda zip for template.yaml Packaging=jvm-cds (provided.al2023): the zip carries its
# own Java runtime and a class-data (AppCDS) archive that this runtime dumped, so the archive is used on AWS
# exactly as here. Run by deploy/build.sh lambda-cds after the java17 build (deploy/build.sh lambda).
#
#   1. a training run: the java17 zip started the way AWS's java17 runtime starts it (bench/lambda/cold-start.mjs)
#      against a local PostgreSQL, ElasticMQ and HTTPS audio server (bench's local stack), each function
#      answering its first events (operator: create an organisation, a key, a credit; submit; status), every
#      process writing the classes it loaded (-XX:DumpLoadedClassList);
#   2. a Java runtime made with jlink from the JDK doing the build: the modules of those classes and a margin;
#   3. the zip's layout: bootstrap (deploy/lambda/bootstrap), classpath, runtime/, ric/ (AWS's runtime
#      interface client), app.jar (the java17 zip's root, which is the runner jar unpacked), lib/; the jars'
#      modification times set to 0;
#   4. app.jsa: the static archive of the listed classes, dumped by runtime/bin/java with the relative class
#      path the bootstrap uses, so it maps wherever Lambda unpacks the zip;
#   5. src/api/target/function.zip replaced (the java17 zip kept as function-java17.zip), checked against
#      Lambda's 250 MB limit for an unpacked function.
#
# Why the jar times are 0: JDK 17 refuses an archive whose jars' modification times differ from dump time,
# unless that time was 0; then it checks their sizes only. Lambda's unpacked files need not keep the times.
#
# LAMBDA_JDK: the JDK 17 (with jmods) the runtime is jlink'd from; for Lambda a portable Linux x86_64 build
# (Amazon Corretto, Eclipse Temurin): see the checks after jlink. Default: JAVA_HOME, else the java on PATH.
#
# Needs: JDK 17 with jmods (jlink), node 20, zip/unzip, Maven Central (first run), transcribe-local in the
# local Maven repository (bench's local stack; ./mvnw install -pl src/local -am -DskipTests).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ZIP=src/api/target/function.zip
JAVA17_ZIP=src/api/target/function-java17.zip
LIMIT=262144000   # Lambda: 250 MB for a function's unpacked code
WORK="$(mktemp -d /tmp/lambda-cds.XXXXXX)"
STACK_PID=""
PG_PID=""
cleanup() {
  local rc=$?
  set +e
  if [[ -n "$STACK_PID" ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM "$STACK_PID"; for _ in $(seq 1 150); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$STACK_PID" 2>/dev/null
  fi
  if [[ -n "$PG_PID" ]] && kill -0 "$PG_PID" 2>/dev/null; then kill -INT "$PG_PID"; fi
  if [[ $rc == 0 ]]; then rm -rf "$WORK"; else echo "lambda-cds: failed; work files in $WORK" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the JDK the function's runtime is made of (LAMBDA_JDK; else JAVA_HOME, else the java on PATH)
JDK="${LAMBDA_JDK:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
[[ -d "$JDK/jmods" ]] || { echo "lambda-cds: $JDK has no jmods: jlink needs a full JDK 17" >&2; exit 1; }
"$JDK/bin/java" -version 2>&1 | grep -q 'version "17' || { echo "lambda-cds: $JDK is not a JDK 17" >&2; exit 1; }

# the java17 zip this starts from: a fresh build's function.zip, or the one kept by an earlier run
if [[ -f "$ZIP" ]] && ! unzip -l "$ZIP" bootstrap >/dev/null 2>&1; then
  mv "$ZIP" "$JAVA17_ZIP"
fi
[[ -f "$JAVA17_ZIP" ]] || { echo "lambda-cds: no $ZIP from deploy/build.sh lambda" >&2; exit 1; }
./mvnw -B -ntp -q -f bench/pom.xml package
./mvnw -B -ntp -q -f bench/lambda/pom.xml package

echo "== training run (the java17 zip, as AWS's java17 runtime starts it)"
mkdir -p "$WORK/api" "$WORK/classlists"
(cd "$WORK/api" && unzip -q "$ROOT/$JAVA17_ZIP")
STATE="$WORK/state.properties"
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Djavax.net.ssl.trustStore="$ROOT/src/local/tls/truststore.p12" -Djavax.net.ssl.trustStorePassword=changeit \
  -Dtranscribe.tls.keystore="$ROOT/src/local/tls/localhost.p12" \
  -cp "$ROOT/bench/target/classes:$ROOT/bench/target/lib/*" ai.synapses.transcribe.bench.Bench stack "$STATE" >"$WORK/stack.log" 2>&1 &
STACK_PID=$!
for _ in $(seq 1 600); do grep -q '^ready=true' "$STATE" 2>/dev/null && break; kill -0 "$STACK_PID" || { cat "$WORK/stack.log"; exit 1; }; sleep 0.2; done
PG_PID="$(sed -n 's/^pg.pid=//p' "$STATE")"
JDBC_URL="$(sed -n 's/^pg.jdbc.url=//p' "$STATE" | sed 's/\\:/:/g; s/\\=/=/g')"
QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  deploy/migrate.sh >"$WORK/migrate.log" 2>&1 || { tail -30 "$WORK/migrate.log"; exit 1; }
WORK="$WORK" RUNS=1 FUNCTIONS=operator,submit,status JAVA_EXTRA="-XX:DumpLoadedClassList=$WORK/classlists/{fn}.classlist" \
  node bench/lambda/cold-start.mjs "$STATE" >"$WORK/training.log" 2>&1 || { cat "$WORK/training.log"; exit 1; }
# one list, in first-seen order (a @lambda-proxy line must follow its class)
cat "$WORK"/classlists/*.classlist | awk '!seen[$0]++' >"$WORK/api.classlist"
echo "$(grep -vc '^[#@]' "$WORK/api.classlist") classes listed"

echo "== Java runtime (jlink)"
# the JDK modules of the listed classes, and a margin for paths a training run does not take
"$JDK/bin/jimage" list "$JDK/lib/modules" >"$WORK/jimage.txt"
trained_modules="$(awk 'FNR == NR { if ($1 == "Module:") m = $2; else if ($1 ~ /\.class$/) { sub(/\.class$/, "", $1); mod[$1] = m }; next }
  !/^[#@]/ && ($1 in mod) { print mod[$1] }' "$WORK/jimage.txt" "$WORK/api.classlist" | sort -u | paste -sd, -)"
margin=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.localedata,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
modules="$(echo "$trained_modules,$margin" | tr , '\n' | sort -u | paste -sd, -)"
LAYOUT="$WORK/layout"
"$JDK/bin/jlink" --add-modules "$modules" --include-locales=en --compress=2 --strip-debug \
  --no-man-pages --no-header-files --output "$LAYOUT/runtime"
echo "modules: $modules"
# provided.al2023 has glibc 2.34: a portable JDK build (Amazon Corretto, Eclipse Temurin) is made to run on
# older glibc without the distribution's C++ library; a distribution's build (Debian's, say) is not.
libjvm="$LAYOUT/runtime/lib/server/libjvm.so"
if command -v objdump >/dev/null 2>&1; then
  glibc="$(objdump -T "$libjvm" "$LAYOUT/runtime/bin/java" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
  [[ "$(printf '%s\nGLIBC_2.34\n' "$glibc" | sort -V | tail -1)" == GLIBC_2.34 ]] \
    || { echo "lambda-cds: $JDK needs $glibc, provided.al2023 has GLIBC_2.34: use a portable JDK 17 (LAMBDA_JDK=...)" >&2; exit 1; }
fi
if ldd "$libjvm" | grep -q 'libstdc++'; then
  echo "warning: $JDK links the system's libstdc++ (a distribution's build); provided.al2023 may not have it:" \
    "build the runtime from a portable JDK 17 (Amazon Corretto, Eclipse Temurin) with LAMBDA_JDK=<its directory>" >&2
fi

echo "== layout and archive"
mkdir -p "$LAYOUT/ric"
cp bench/lambda/target/ric/*.jar "$LAYOUT/ric/"
# the zip's root is the runner jar unpacked: packed again, as a jar (AppCDS takes no directories)
(cd "$WORK/api" && zip -q -r "$LAYOUT/app.jar" . -x 'lib/*')
cp -r "$WORK/api/lib" "$LAYOUT/lib"
cp deploy/lambda/bootstrap "$LAYOUT/bootstrap"
chmod 755 "$LAYOUT/bootstrap"
# runtime interface client first, then the app (its manifest's Class-Path brings lib/ in its order)
(cd "$LAYOUT" && { ls ric/*.jar | sort; echo app.jar; } | paste -sd: - | tr -d '\n' >classpath)
find "$LAYOUT/ric" "$LAYOUT/lib" "$LAYOUT/app.jar" -name '*.jar' -exec touch -d @0 {} +
(cd "$LAYOUT" && runtime/bin/java -Xshare:dump -XX:SharedClassListFile="$WORK/api.classlist" -XX:SharedArchiveFile=app.jsa \
  -cp "$(cat classpath)" >"$WORK/dump.log" 2>&1) || { tail -30 "$WORK/dump.log"; exit 1; }
echo "$(grep -c 'Skipping\|Preload Warning' "$WORK/dump.log" || true) listed classes not archived (see -Xlog:cds when dumping)"
# the archive must map with the bootstrap's flags, or the zip would start as slowly as without it
(cd "$LAYOUT" && runtime/bin/java -Xshare:on -XX:SharedArchiveFile=app.jsa -XX:+UnlockDiagnosticVMOptions \
  -XX:ArchiveRelocationMode=0 -cp "$(cat classpath)" -version >/dev/null 2>&1) \
  || { echo "lambda-cds: the archive does not map with the bootstrap's class path" >&2; exit 1; }

size="$(du -sb --apparent-size "$LAYOUT" | cut -f1)"
if (( size > LIMIT )); then
  echo "lambda-cds: the unpacked function is $size bytes, over Lambda's $LIMIT" >&2
  exit 1
fi
rm -f "$ZIP"
(cd "$LAYOUT" && zip -q -r "$ROOT/$ZIP" .)
echo "$ZIP: $(stat -c %s "$ZIP") bytes, $size unpacked (limit $LIMIT); the java17 zip: $JAVA17_ZIP"
