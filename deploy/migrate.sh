#!/usr/bin/env bash
# Applies the Flyway migrations (src/domain/src/main/resources/db/migration) to a database and exits.
# The Lambda functions do not migrate at start (QUARKUS_FLYWAY_MIGRATE_AT_START=false): run this once per
# deployment, before traffic reaches new code. It runs the API's packaged app in Quarkus' init-and-exit
# mode, so the migrations, Flyway version and history table are exactly those of the app.
#
#   QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://<proxy-endpoint>:5432/transcribe?sslmode=require \
#   QUARKUS_DATASOURCE_USERNAME=transcribe QUARKUS_DATASOURCE_PASSWORD=... deploy/migrate.sh
#
# Needs: JDK 17, network access to the database (inside the VPC: a bastion, CloudShell in the VPC, or a
# one-off task), the credentials (aws secretsmanager get-secret-value --secret-id <DatabaseSecretArn output>).
# Builds the JVM API when neither build of it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${QUARKUS_DATASOURCE_JDBC_URL:?set QUARKUS_DATASOURCE_JDBC_URL}"
: "${QUARKUS_DATASOURCE_USERNAME:?set QUARKUS_DATASOURCE_USERNAME}"
: "${QUARKUS_DATASOURCE_PASSWORD:?set QUARKUS_DATASOURCE_PASSWORD}"
# the JVM build's fast-jar, or the Lambda build's runner jar (deploy/build.sh lambda): either migrates
app=src/api/target/quarkus-app/quarkus-run.jar
[[ -f "$app" ]] || app="$(ls src/api/target/transcribe-api-*-runner.jar 2>/dev/null | head -1)"
if [[ -z "$app" || ! -f "$app" ]]; then
  ./mvnw -B -ntp -q package -pl src/api -am -DskipTests
  app=src/api/target/quarkus-app/quarkus-run.jar
fi
# init-and-exit runs start-up's init tasks (Flyway) and stops. The reactive URL and queue URL are required
# settings of the app but are not used by a migration.
QUARKUS_INIT_AND_EXIT=true \
QUARKUS_FLYWAY_MIGRATE_AT_START=true \
QUARKUS_DATASOURCE_REACTIVE_URL="${QUARKUS_DATASOURCE_REACTIVE_URL:-postgresql://unused:5432/unused}" \
TRANSCRIBE_QUEUE_URL="${TRANSCRIBE_QUEUE_URL:-https://sqs.invalid/000000000000/unused}" \
QUARKUS_HTTP_HOST_ENABLED=false \
  java -jar "$app"
echo "migrations applied"
