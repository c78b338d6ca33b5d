#!/usr/bin/env bash
# Builds what the deployments take.
#
#   deploy/build.sh lambda       the two Lambda zips, JVM (default):
#                                  src/api/target/function.zip     (-Plambda: quarkus-amazon-lambda-http)
#                                  src/worker/target/function.zip  (worker and sweeper handlers)
#   deploy/build.sh lambda-cds   the same, then the API zip repackaged for Packaging=jvm-cds (provided.al2023):
#                                  its own jlink'd Java runtime and the AppCDS archive that runtime dumped from
#                                  a training run's class list (deploy/lambda-cds.sh; needs node and a JDK with jmods)
#   deploy/build.sh native       the same zips with GraalVM native executables (bootstrap) for
#                                  template.yaml Packaging=native; needs GraalVM/Mandrel or Docker
#   deploy/build.sh containers   the JVM apps for the container images (src/*/target/quarkus-app);
#                                  then deploy/push-images.sh or docker compose -f infra/compose.yaml
#
# Needs: JDK 17 (./mvnw fetches Maven). Tests are skipped here: CI runs them (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-lambda}"
MVN=(./mvnw -B -ntp)
case "$kind" in
  lambda)
    "${MVN[@]}" package -Plambda -pl src/api,src/worker -am -DskipTests
    ;;
  lambda-cds)
    "${MVN[@]}" package -Plambda -pl src/api,src/worker -am -DskipTests
    deploy/lambda-cds.sh
    ;;
  native)
    # Without a local GraalVM, Quarkus builds inside its Mandrel builder image (Docker or Podman required).
    container_build=true
    command -v native-image >/dev/null 2>&1 && container_build=false
    "${MVN[@]}" package -Plambda -Dnative -Dquarkus.native.container-build="$container_build" \
      -pl src/api,src/worker -am -DskipTests
    ;;
  containers)
    "${MVN[@]}" package -pl src/api,src/worker -am -DskipTests
    ;;
  *)
    echo "usage: $0 lambda|lambda-cds|native|containers" >&2
    exit 2
    ;;
esac
ls -l src/api/target/function.zip src/worker/target/function.zip 2>/dev/null || true
