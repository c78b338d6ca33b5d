#!/usr/bin/env bash
# Deploys template.yaml with SAM, with the settings of deploy/samconfig.toml (environment "default" or $1).
#
#   VPC_ID=vpc-... PRIVATE_SUBNET_IDS=subnet-a,subnet-b deploy/deploy.sh [config-env]
#
# Needs: AWS SAM CLI, AWS credentials allowed to create the stack's resources (CloudFormation, IAM roles,
# Lambda, API Gateway, SQS, RDS, Secrets Manager, EventBridge Scheduler, CloudWatch, SNS), and the zips of
# deploy/build.sh lambda (lambda-cds with PACKAGING=jvm-cds, native with PACKAGING=native). Order for a new stack: build, deploy.sh,
# migrate.sh, then create the first organisation through the operator API (README "Deploy").
set -euo pipefail
cd "$(dirname "$0")/.."
config_env="${1:-default}"
: "${VPC_ID:?set VPC_ID}"
: "${PRIVATE_SUBNET_IDS:?set PRIVATE_SUBNET_IDS (comma-separated, two AZs, with a NAT gateway)}"
for zip in src/api/target/function.zip src/worker/target/function.zip; do
  [[ -f "$zip" ]] || { echo "no $zip: run deploy/build.sh lambda first" >&2; exit 1; }
done
packaging="${PACKAGING:-jvm-snapstart}"
# the API zip must be the build of that packaging: each kind writes the same path
api_kind=jvm
unzip -l src/api/target/function.zip runtime/bin/java >/dev/null 2>&1 && api_kind=jvm-cds
[[ "$api_kind" == jvm ]] && unzip -l src/api/target/function.zip bootstrap >/dev/null 2>&1 && api_kind=native
case "$packaging:$api_kind" in
  jvm:jvm | jvm-snapstart:jvm | jvm-cds:jvm-cds | native:native) ;;
  *) echo "Packaging=$packaging, but src/api/target/function.zip is the $api_kind build (deploy/build.sh lambda, lambda-cds or native)" >&2; exit 1 ;;
esac
overrides=("VpcId=$VPC_ID" "PrivateSubnetIds=$PRIVATE_SUBNET_IDS" "Packaging=$packaging")
[[ -n "${EXISTING_DATABASE_HOST:-}" ]] && overrides+=("ExistingDatabaseHost=$EXISTING_DATABASE_HOST" \
  "ExistingDatabaseSecretArn=${EXISTING_DATABASE_SECRET_ARN:?set EXISTING_DATABASE_SECRET_ARN}")
[[ -n "${ALARM_EMAIL:-}" ]] && overrides+=("AlarmEmail=$ALARM_EMAIL")
sam validate --template-file template.yaml --lint
sam deploy --template-file template.yaml --config-file deploy/samconfig.toml --config-env "$config_env" \
  --parameter-overrides "${overrides[@]}"
aws cloudformation describe-stacks --stack-name "$(sed -n 's/^stack_name *= *"\(.*\)"/\1/p' deploy/samconfig.toml | head -1)" \
  --query 'Stacks[0].Outputs' --output table
