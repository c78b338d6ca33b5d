#!/usr/bin/env bash
# The billing and queueing invariants, checked in the database the service uses (read-only).
#   QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db:5432/transcribe \
#   QUARKUS_DATASOURCE_USERNAME=transcribe QUARKUS_DATASOURCE_PASSWORD=... \
#   deploy/check-invariants.sh [--unsent-limit=15m] [--sent-limit=3h] [--processing-limit=2h]
# Prints every invariant with how many rows it checked, then every violation.
# Exit status: 0 all hold, 1 violations, 2 could not check.
# It runs from the packaged API's libraries (plain JDBC, no Quarkus start), building them once if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
LIB=src/api/target/quarkus-app/lib/main
if ! compgen -G "$LIB/ai.synapses.transcribe.transcribe-domain-*.jar" >/dev/null; then
  ./mvnw -q package -pl src/api -am -DskipTests >&2
fi
exec java -cp "$LIB/*" ai.synapses.transcribe.audit.InvariantCheck "$@"
