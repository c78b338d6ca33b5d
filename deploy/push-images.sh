#!/usr/bin/env bash
# Builds and pushes the container images of the API and the worker (JVM by default, or KIND=native).
#
#   REGISTRY=123456789012.dkr.ecr.us-east-1.amazonaws.com/transcribe TAG=1.0.0 deploy/push-images.sh
#
# Needs: Docker (or Podman as docker), a registry login (ECR: aws ecr get-login-password | docker login ...),
# and the apps built: deploy/build.sh containers (JVM) or, for KIND=native, ./mvnw package -Dnative
# -Dquarkus.native.container-build=true -pl src/api,src/worker -am -DskipTests (without -Plambda).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${REGISTRY:?set REGISTRY, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/transcribe}"
kind="${KIND:-jvm}"
tag="${TAG:-$(git rev-parse --short HEAD)}"
for app in api worker; do
  image="$REGISTRY/transcribe-$app:$tag-$kind"
  docker build -f "src/$app/src/main/docker/Dockerfile.$kind" -t "$image" "src/$app"
  docker push "$image"
  echo "pushed $image"
done
