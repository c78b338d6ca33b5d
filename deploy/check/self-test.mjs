#!/usr/bin/env node
// The template check must be able to fail: each case below breaks template.yaml in one way a person
// could, and the check has to reject it with the matching message. Run after check-template.mjs passes
// (it needs the same build output).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const original = readFileSync(join(ROOT, 'template.yaml'), 'utf8');
const checker = join(ROOT, 'deploy/check/check-template.mjs');

const cases = [
  ['worker without partial batch failures', 'FunctionResponseTypes: [ReportBatchItemFailures]', 'FunctionResponseTypes: []', /ReportBatchItemFailures/],
  ['visibility below 6x the worker time-out', 'Default: 5400', 'Default: 600', /VisibilityTimeout 600 s < 6 x WorkerFunction Timeout 900 s/],
  ['status function allowed to send to the job queue',
    "      Policies:\n        - SQSSendMessagePolicy: {QueueName: !GetAtt WebhookQueue.QueueName}\n      Events:\n        Status:",
    "      Policies:\n        - SQSSendMessagePolicy: {QueueName: !GetAtt WebhookQueue.QueueName}\n        - SQSSendMessagePolicy: {QueueName: !GetAtt JobQueue.QueueName}\n      Events:\n        Status:",
    /StatusFunction: an HTTP function that does not submit has a job queue policy/],
  ['operator function allowed to send webhooks', "      ReservedConcurrentExecutions: 5\n",
    "      ReservedConcurrentExecutions: 5\n      Policies:\n        - SQSSendMessagePolicy: {QueueName: !GetAtt WebhookQueue.QueueName}\n",
    /OperatorFunction: an HTTP function that does not redeliver webhooks has a webhook queue policy/],
  ['route that the code does not have', "Path: '/v1/audio/transcriptions/{transcription_id}/cancel'", "Path: '/v1/audio/transcriptions/{id}/cancel'",
    /route POST \/v1\/audio\/transcriptions\/\{id\}\/cancel has no JAX-RS method/],
  ['setting that does not exist', 'TRANSCRIBE_ENGINE_LANGUAGES:', 'TRANSCRIBE_ENGINE_LANGUAGE:', /TRANSCRIBE_ENGINE_LANGUAGE: no @ConfigMapping setting/],
  ['setting in the wrong package', "          QUARKUS_LAMBDA_HANDLER: sweep\n", "          QUARKUS_LAMBDA_HANDLER: sweep\n          TRANSCRIBE_ADMIN_TOKEN: x\n",
    /TRANSCRIBE_ADMIN_TOKEN: the setting lives in ai\/synapses\/transcribe\/api\/admin\/AdminSettings/],
  ['Quarkus setting misspelt', 'QUARKUS_SCHEDULER_ENABLED:', 'QUARKUS_SCHEDULER_ENABLE:', /QUARKUS_SCHEDULER_ENABLE: no Quarkus extension/],
  ['handler name without a class', 'QUARKUS_LAMBDA_HANDLER: sweep', 'QUARKUS_LAMBDA_HANDLER: sweeper', /no @Named\("sweeper"\) RequestHandler/],
  ['unknown CloudFormation property', 'MessageRetentionPeriod: 345600', 'MessageRetentionPeriods: 345600', /unknown property MessageRetentionPeriods/],
  ['wrong property type', '      MemorySize: 1024\n      Policies:', '      MemorySize: lots\n      Policies:', /MemorySize: expected Integer/],
  ['Ref to nothing', 'Value: !Ref JobQueue\n', 'Value: !Ref JobQueues\n', /Ref to unknown parameter or resource JobQueues/],
  ['conditional resource used unconditionally', "  DatabaseProxyEndpoint:\n    Condition: CreateDatabase\n", "  DatabaseProxyEndpoint:\n",
    /DatabaseProxy exists only when CreateDatabase/],
  ['dead-letter queue without an alarm', '- {Name: QueueName, Value: !GetAtt WebhookDeadLetterQueue.QueueName}',
    '- {Name: QueueName, Value: !GetAtt WebhookQueue.QueueName}', /WebhookDeadLetterQueue: dead-letter queue without an alarm/],
  ['missing build output', 'CodeUri: src/worker/target/function.zip', 'CodeUri: src/worker/target/nothing.zip', /CodeUri src\/worker\/target\/nothing.zip does not exist/],
  ['unknown SAM event property', 'ScheduleExpression: rate(1 minute)', 'ScheduleExpression: rate(1 minute)\n            Schedule: rate(1 minute)',
    /unknown ScheduleV2 property Schedule/],
];

const dir = mkdtempSync(join(tmpdir(), 'template-self-test-'));
let passed = 0;
const failures = [];
try {
  for (const [name, from, to, expected] of cases) {
    if (!original.includes(from)) { failures.push(`${name}: the template no longer contains ${JSON.stringify(from)}`); continue; }
    const path = join(dir, 'template.yaml');
    writeFileSync(path, original.replace(from, to));
    const run = spawnSync(process.execPath, [checker, path], { encoding: 'utf8' });
    const output = run.stdout + run.stderr;
    if (run.status === 1 && expected.test(output)) passed++;
    else failures.push(`${name}: expected exit 1 with ${expected}, got exit ${run.status}:\n${output}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const f of failures) console.error(`error: ${f}`);
console.log(`template check self-test: ${passed} of ${cases.length} broken templates rejected`);
process.exit(failures.length ? 1 : 0);
