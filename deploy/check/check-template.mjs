#!/usr/bin/env node
// Lints template.yaml against the CloudFormation resource specification of @aws-cdk/cfnspec, SAM
// resources included, and checks that what the template names exists in the code and the build output:
// handlers, CodeUri zips, environment variables (settings), routes and queues.
//
//   node deploy/check/check-template.mjs [template.yaml]     (after deploy/build.sh jvm; .ci/run does both)
//
// Why hand-written: cfn-lint on npm (1.9.7) predates the SAM resources this template uses (it reports the
// implicit ServerlessHttpApi missing), and SAM's own translator is Python (not installable here). The SAM
// part of cfnspec is older than SAM itself, so the few newer SAM properties are mapped, below, to the
// CloudFormation property SAM passes them to, and validated against that.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { parseTemplate, intrinsic } from './cfn-yaml.mjs';
import { Zip } from './zip.mjs';
import { codeModel, configModelEnv } from './code-model.mjs';

const require = createRequire(import.meta.url);
const SPEC = require('@aws-cdk/cfnspec/spec/specification.json');
const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const templatePath = resolve(process.argv[2] ?? join(ROOT, 'template.yaml'));
const template = parseTemplate(readFileSync(templatePath, 'utf8'));

const errors = [];
const notes = [];
let checks = 0;
const fail = (where, message) => errors.push(`${where}: ${message}`);
const ok = () => checks++;

// Newer SAM properties than cfnspec's SAM spec knows: SAM passes each to the CloudFormation property named
// here (SAM's documentation of AWS::Serverless::Function and its event sources says so per property).
const SAM_PASSTHROUGH = {
  'AWS::Serverless::Function': {
    SnapStart: ['AWS::Lambda::Function', 'SnapStart'],
    EphemeralStorage: ['AWS::Lambda::Function', 'EphemeralStorage'],
    RuntimeManagementConfig: ['AWS::Lambda::Function', 'RuntimeManagementConfig'],
    LoggingConfig: ['AWS::Lambda::Function', 'LoggingConfig'],
  },
  'AWS::Serverless::HttpApi': {
    AccessLogSettings: ['AWS::ApiGatewayV2::Stage', 'AccessLogSettings'],
  },
  'AWS::Serverless::Function.SQSEvent': {
    FunctionResponseTypes: ['AWS::Lambda::EventSourceMapping', 'FunctionResponseTypes'],
    MaximumBatchingWindowInSeconds: ['AWS::Lambda::EventSourceMapping', 'MaximumBatchingWindowInSeconds'],
    ScalingConfig: ['AWS::Lambda::EventSourceMapping', 'ScalingConfig'],
    FilterCriteria: ['AWS::Lambda::EventSourceMapping', 'FilterCriteria'],
  },
};
// SAM's ScheduleV2 event becomes an AWS::Scheduler::Schedule whose Target is the function.
const SCHEDULE_V2 = {
  ScheduleExpression: ['AWS::Scheduler::Schedule', 'ScheduleExpression'],
  ScheduleExpressionTimezone: ['AWS::Scheduler::Schedule', 'ScheduleExpressionTimezone'],
  FlexibleTimeWindow: ['AWS::Scheduler::Schedule', 'FlexibleTimeWindow'],
  Name: ['AWS::Scheduler::Schedule', 'Name'],
  Description: ['AWS::Scheduler::Schedule', 'Description'],
  State: ['AWS::Scheduler::Schedule', 'State'],
  StartDate: ['AWS::Scheduler::Schedule', 'StartDate'],
  EndDate: ['AWS::Scheduler::Schedule', 'EndDate'],
  GroupName: ['AWS::Scheduler::Schedule', 'GroupName'],
  KmsKeyArn: ['AWS::Scheduler::Schedule', 'KmsKeyArn'],
  Input: ['AWS::Scheduler::Schedule.Target', 'Input'],
  RetryPolicy: ['AWS::Scheduler::Schedule.Target', 'RetryPolicy'],
  DeadLetterConfig: ['AWS::Scheduler::Schedule.Target', 'DeadLetterConfig'],
  RoleArn: ['AWS::Scheduler::Schedule.Target', 'RoleArn'],
};
const EVENT_TYPES = { SQS: 'SQSEvent', HttpApi: 'HttpApiEvent', Schedule: 'ScheduleEvent', Api: 'ApiEvent',
  SNS: 'SNSEvent', S3: 'S3Event', EventBridgeRule: 'EventBridgeRuleEvent', CloudWatchEvent: 'CloudWatchEventEvent' };
const SAM_ATTRIBUTES = { 'AWS::Serverless::Function': ['Arn'], 'AWS::Serverless::HttpApi': ['ApiEndpoint'] };
const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

const parameters = template.Parameters ?? {};
const resources = template.Resources ?? {};
const conditions = template.Conditions ?? {};

// ---------------------------------------------------------------- structure
for (const key of Object.keys(template)) {
  if (!['AWSTemplateFormatVersion', 'Transform', 'Description', 'Metadata', 'Parameters', 'Mappings', 'Conditions',
    'Globals', 'Resources', 'Outputs', 'Rules'].includes(key)) fail('template', `unknown top-level section ${key}`);
}
if (template.Transform !== 'AWS::Serverless-2016-10-31') fail('template', 'Transform must be AWS::Serverless-2016-10-31');
for (const [name, p] of Object.entries(parameters)) {
  if (!p.Type) fail(`Parameters.${name}`, 'no Type');
  if (p.Default !== undefined && p.AllowedValues && !p.AllowedValues.map(String).includes(String(p.Default))) {
    fail(`Parameters.${name}`, `Default ${p.Default} is not among AllowedValues`);
  }
  ok();
}

// ---------------------------------------------------------------- SAM Globals, merged as SAM does
function merge(global, local) {
  if (local === undefined) return structuredClone(global);
  if (global && typeof global === 'object' && !Array.isArray(global) && !intrinsic(global)
    && local && typeof local === 'object' && !Array.isArray(local) && !intrinsic(local)) {
    const out = structuredClone(global);
    for (const [k, v] of Object.entries(local)) out[k] = merge(global[k], v);
    return out;
  }
  return structuredClone(local);
}
const globalsFunction = template.Globals?.Function ?? {};
const expanded = {};
for (const [name, r] of Object.entries(resources)) {
  expanded[name] = r.Type === 'AWS::Serverless::Function'
    ? { ...r, Properties: Object.fromEntries(Object.keys({ ...globalsFunction, ...(r.Properties ?? {}) })
      .map((k) => [k, merge(globalsFunction[k], r.Properties?.[k])])) }
    : r;
}

// ---------------------------------------------------------------- references and conditions
function conditionOf(resourceName) {
  return resources[resourceName]?.Condition ?? null;
}
function checkRefTarget(where, target, guards, { getAtt = null } = {}) {
  if (PSEUDO.has(target)) return;
  if (parameters[target] && !getAtt) return;
  const r = resources[target];
  if (!r) {
    fail(where, `${getAtt ? 'GetAtt' : 'Ref'} to unknown ${getAtt ? 'resource' : 'parameter or resource'} ${target}`);
    return;
  }
  const c = conditionOf(target);
  if (c && !guards.includes(c)) fail(where, `${target} exists only when ${c}, but is referenced outside an Fn::If on ${c}`);
  if (getAtt) {
    const attrs = r.Type.startsWith('AWS::Serverless::') ? SAM_ATTRIBUTES[r.Type] ?? [] : Object.keys(SPEC.ResourceTypes[r.Type]?.Attributes ?? {});
    if (!attrs.includes(getAtt)) fail(where, `${r.Type} has no attribute ${getAtt} (has ${attrs.join(', ')})`);
  }
  ok();
}
function walkRefs(value, where, guards, subVariables = new Set()) {
  if (Array.isArray(value)) return value.forEach((v, i) => walkRefs(v, `${where}[${i}]`, guards, subVariables));
  if (value === null || typeof value !== 'object') return;
  const fn = intrinsic(value);
  if (fn === 'Ref') return checkRefTarget(where, value.Ref, guards);
  if (fn === 'Fn::GetAtt') {
    const [res, attr] = value['Fn::GetAtt'];
    return checkRefTarget(where, res, guards, { getAtt: attr });
  }
  if (fn === 'Condition' || fn === 'Fn::If') {
    const c = fn === 'Condition' ? value.Condition : value['Fn::If'][0];
    if (!conditions[c]) fail(where, `unknown condition ${c}`);
    if (fn === 'Fn::If') {
      walkRefs(value['Fn::If'][1], `${where}.If(${c})`, [...guards, c], subVariables);
      walkRefs(value['Fn::If'][2], `${where}.If(!${c})`, guards, subVariables);
    }
    return;
  }
  if (fn === 'Fn::Sub') {
    const [text, vars] = Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'] : [value['Fn::Sub'], {}];
    walkRefs(vars, `${where}.Sub`, guards, subVariables);
    for (const m of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
      const token = m[1].trim();
      if (vars[token] !== undefined) continue;
      const dot = token.indexOf('.');
      if (dot > 0) checkRefTarget(`${where}.Sub`, token.slice(0, dot), guards, { getAtt: token.slice(dot + 1) });
      else checkRefTarget(`${where}.Sub`, token, guards);
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) walkRefs(v, `${where}.${k}`, guards, subVariables);
}
for (const [name, c] of Object.entries(conditions)) walkRefs(c, `Conditions.${name}`, []);
for (const [name, r] of Object.entries(expanded)) {
  if (r.Condition && !conditions[r.Condition]) fail(`Resources.${name}`, `unknown condition ${r.Condition}`);
  for (const d of [r.DependsOn ?? []].flat()) if (!resources[d]) fail(`Resources.${name}`, `DependsOn unknown ${d}`);
  walkRefs(r.Properties ?? {}, `Resources.${name}`, r.Condition ? [r.Condition] : []);
}
for (const [name, o] of Object.entries(template.Outputs ?? {})) {
  walkRefs(o.Value, `Outputs.${name}`, o.Condition ? [o.Condition] : []);
}

// ---------------------------------------------------------------- properties against the specification
function propertyType(resourceType, name) {
  return SPEC.PropertyTypes[`${resourceType}.${name}`] ?? SPEC.PropertyTypes[name];
}
function primitiveOk(type, v) {
  switch (type) {
    case 'String': return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    case 'Integer': case 'Long': return Number.isInteger(Number(v)) && v !== '' && typeof v !== 'boolean';
    case 'Double': return !Number.isNaN(Number(v)) && v !== '' && typeof v !== 'boolean';
    case 'Boolean': return typeof v === 'boolean' || v === 'true' || v === 'false';
    case 'Timestamp': return typeof v === 'string';
    case 'Json': return typeof v === 'object' || typeof v === 'string';
    default: return false;
  }
}
/** Validates one value against a property specification; returns a list of problems. */
function checkValue(resourceType, spec, value, where) {
  if (intrinsic(value)) {
    if (intrinsic(value) === 'Fn::If') {
      const [, a, b] = value['Fn::If'];
      return [a, b].flatMap((branch, i) => (branch && intrinsic(branch) === 'Ref' && branch.Ref === 'AWS::NoValue')
        ? [] : checkValue(resourceType, spec, branch, `${where}.If[${i}]`));
    }
    return [];
  }
  const alternatives = [];
  if (spec.PrimitiveType) alternatives.push(() => primitiveOk(spec.PrimitiveType, value) ? [] : [`${where}: expected ${spec.PrimitiveType}, got ${JSON.stringify(value)}`]);
  for (const p of spec.PrimitiveTypes ?? []) alternatives.push(() => primitiveOk(p, value) ? [] : [`${where}: expected ${p}`]);
  const listOrMap = (kind, itemSpec) => () => {
    if (kind === 'List' && !Array.isArray(value)) return [`${where}: expected a list`];
    if (kind === 'Map' && (typeof value !== 'object' || Array.isArray(value) || value === null)) return [`${where}: expected a map`];
    const items = kind === 'List' ? value.map((v, i) => [i, v]) : Object.entries(value);
    return items.flatMap(([k, v]) => checkValue(resourceType, itemSpec, v, `${where}[${k}]`));
  };
  if (spec.Type === 'List' || spec.Type === 'Map') {
    const itemSpecs = [];
    if (spec.PrimitiveItemType) itemSpecs.push({ PrimitiveType: spec.PrimitiveItemType });
    if (spec.ItemType) itemSpecs.push({ Type: spec.ItemType });
    for (const t of spec.InclusiveItemTypes ?? []) itemSpecs.push({ Type: t });
    for (const t of spec.InclusivePrimitiveItemTypes ?? []) itemSpecs.push({ PrimitiveType: t });
    for (const t of spec.ItemTypes ?? []) itemSpecs.push({ Type: t });
    alternatives.push(listOrMap(spec.Type, { Types: itemSpecs.filter((s) => s.Type).map((s) => s.Type),
      PrimitiveTypes: itemSpecs.filter((s) => s.PrimitiveType).map((s) => s.PrimitiveType) }));
  } else if (spec.Type) {
    alternatives.push(() => checkObject(resourceType, spec.Type, value, where));
  }
  for (const t of spec.Types ?? []) alternatives.push(() => checkObject(resourceType, t, value, where));
  // SAM's Policies: a string, a policy document, a policy template, or a list of those
  if (spec.InclusiveItemTypes && spec.Type !== 'List') {
    const itemSpec = { Types: spec.InclusiveItemTypes, PrimitiveTypes: spec.InclusivePrimitiveItemTypes ?? [] };
    alternatives.push(() => Array.isArray(value)
      ? value.flatMap((v, i) => checkValue(resourceType, itemSpec, v, `${where}[${i}]`)) : [`${where}: expected a list`]);
  }
  if (alternatives.length === 0) return [`${where}: no type in the specification`];
  let best = null;
  for (const alternative of alternatives) {
    const problems = alternative();
    if (problems.length === 0) return [];
    if (!best || problems.length < best.length) best = problems;
  }
  return best;
}
function checkObject(resourceType, typeName, value, where) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where}: expected a ${typeName} object`];
  const pt = propertyType(resourceType, typeName);
  if (!pt) return [`${where}: unknown property type ${typeName}`];
  if (!pt.Properties) return []; // Json-like
  // the SAM policy templates and event sources are "one of" objects
  if (typeName === 'SAMPolicyTemplate') {
    const keys = Object.keys(value);
    if (keys.length !== 1 || !pt.Properties[keys[0]]) return [`${where}: not a SAM policy template (${keys.join(', ')})`];
  }
  return checkProperties(resourceType, pt.Properties, value, where, `${resourceType}.${typeName}`);
}
function checkProperties(resourceType, specProperties, props, where, passthroughKey = resourceType) {
  const problems = [];
  const passthrough = SAM_PASSTHROUGH[passthroughKey] ?? {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (specProperties[k]) {
      problems.push(...checkValue(resourceType, specProperties[k], v, `${where}.${k}`));
    } else if (passthrough[k]) {
      problems.push(...checkPassthrough(passthrough[k], v, `${where}.${k}`));
    } else {
      problems.push(`${where}: unknown property ${k}`);
    }
  }
  for (const [k, s] of Object.entries(specProperties)) {
    if (s.Required && (props ?? {})[k] === undefined) problems.push(`${where}: required property ${k} missing`);
  }
  return problems;
}
function checkPassthrough([cfnType, property], value, where) {
  const [resourceType, sub] = cfnType.split('.');
  const owner = sub ? SPEC.PropertyTypes[cfnType] : SPEC.ResourceTypes[resourceType];
  const spec = owner?.Properties?.[property];
  if (!spec) return [`${where}: ${cfnType}.${property} is not in the CloudFormation specification`];
  return checkValue(resourceType, spec, value, where);
}

for (const [name, r] of Object.entries(expanded)) {
  const where = `Resources.${name}`;
  const rt = SPEC.ResourceTypes[r.Type];
  if (!rt) { fail(where, `unknown resource type ${r.Type}`); continue; }
  for (const k of Object.keys(r)) {
    if (!['Type', 'Properties', 'Condition', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata',
      'UpdatePolicy', 'CreationPolicy'].includes(k)) fail(where, `unknown resource attribute ${k}`);
  }
  const props = { ...(r.Properties ?? {}) };
  // SAM event sources: the Properties' type depends on Type
  if (r.Type === 'AWS::Serverless::Function') {
    for (const [eventName, event] of Object.entries(props.Events ?? {})) {
      const ew = `${where}.Events.${eventName}`;
      if (event.Type === 'ScheduleV2') {
        for (const [k, v] of Object.entries(event.Properties ?? {})) {
          if (!SCHEDULE_V2[k]) fail(ew, `unknown ScheduleV2 property ${k}`);
          else checkPassthrough(SCHEDULE_V2[k], v, `${ew}.${k}`).forEach((p) => errors.push(p));
        }
        if (!event.Properties?.ScheduleExpression) fail(ew, 'ScheduleV2 needs ScheduleExpression');
      } else if (EVENT_TYPES[event.Type]) {
        const typeName = EVENT_TYPES[event.Type];
        const pt = SPEC.PropertyTypes[`AWS::Serverless::Function.${typeName}`];
        checkProperties(r.Type, pt.Properties, event.Properties, ew, `AWS::Serverless::Function.${typeName}`)
          .forEach((p) => errors.push(p));
      } else {
        fail(ew, `unknown event type ${event.Type}`);
      }
      ok();
    }
    delete props.Events;
  }
  checkProperties(r.Type, rt.Properties, props, where).forEach((p) => errors.push(p));
  ok();
}

// ---------------------------------------------------------------- the deployment's own rules
const functions = Object.entries(expanded).filter(([, r]) => r.Type === 'AWS::Serverless::Function');
const queues = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue').map(([n]) => n);
function value(v) { // a parameter's default for a Ref, else the literal
  if (intrinsic(v) === 'Ref' && parameters[v.Ref]) return parameters[v.Ref].Default;
  return v;
}
function refsIn(v, out = new Set()) {
  if (Array.isArray(v)) v.forEach((x) => refsIn(x, out));
  else if (v && typeof v === 'object') {
    if (intrinsic(v) === 'Ref') out.add(v.Ref);
    else if (intrinsic(v) === 'Fn::GetAtt') out.add(v['Fn::GetAtt'][0]);
    else if (intrinsic(v) === 'Fn::Sub') {
      const [text, vars] = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'] : [v['Fn::Sub'], {}];
      for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) out.add(m[1]);
      refsIn(vars, out);
    } else Object.values(v).forEach((x) => refsIn(x, out));
  }
  return out;
}
const routesOf = (props) => Object.values(props.Events ?? {}).filter((e) => e.Type === 'HttpApi')
  .map((e) => `${e.Properties.Method.toUpperCase()} ${e.Properties.Path}`);

const deadLetterQueues = new Set();
for (const q of queues) {
  const p = resources[q].Properties ?? {};
  if (p.RedrivePolicy) {
    const dlq = refsIn(p.RedrivePolicy.deadLetterTargetArn);
    dlq.forEach((d) => { deadLetterQueues.add(d); if (!queues.includes(d)) fail(`Resources.${q}`, `dead-letter target ${d} is not a queue`); });
    if (!(Number(p.RedrivePolicy.maxReceiveCount) >= 1)) fail(`Resources.${q}`, 'RedrivePolicy.maxReceiveCount missing');
  }
  ok();
}
for (const q of queues) {
  if (!deadLetterQueues.has(q) && !resources[q].Properties?.RedrivePolicy) fail(`Resources.${q}`, 'a work queue without a dead-letter queue');
  if (deadLetterQueues.has(q)) {
    const alarmed = Object.values(resources).some((r) => r.Type === 'AWS::CloudWatch::Alarm'
      && (r.Properties.Dimensions ?? []).some((d) => d.Name === 'QueueName' && refsIn(d.Value).has(q)));
    if (!alarmed) fail(`Resources.${q}`, 'dead-letter queue without an alarm on its depth');
  }
  const used = Object.entries(expanded).some(([n, r]) => n !== q && refsIn(r.Properties).has(q))
    || Object.values(template.Outputs ?? {}).some((o) => refsIn(o.Value).has(q));
  if (!used) fail(`Resources.${q}`, 'queue not used by anything');
  ok();
}
for (const [name, r] of functions) {
  const p = r.Properties;
  const where = `Resources.${name}`;
  const logGroup = Object.values(resources).find((x) => x.Type === 'AWS::Logs::LogGroup' && refsIn(x.Properties?.LogGroupName).has(name));
  if (!logGroup || logGroup.Properties.RetentionInDays === undefined) fail(where, 'no log group with a retention for this function');
  for (const [eventName, e] of Object.entries(p.Events ?? {})) {
    if (e.Type !== 'SQS') continue;
    const queue = [...refsIn(e.Properties.Queue)][0];
    if (!queues.includes(queue)) fail(`${where}.Events.${eventName}`, `Queue ${queue} is not a queue of this template`);
    if (!(e.Properties.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures')) {
      fail(`${where}.Events.${eventName}`, 'the worker reports partial batch failures: FunctionResponseTypes [ReportBatchItemFailures]');
    }
    const visibility = Number(value(resources[queue].Properties.VisibilityTimeout ?? 30));
    const timeout = Number(value(p.Timeout ?? 3));
    if (!(visibility >= 6 * timeout)) fail(`Resources.${queue}`, `VisibilityTimeout ${visibility} s < 6 x ${name} Timeout ${timeout} s`);
    ok();
  }
  // least privilege: only the submit's HTTP function may send to the job queue; the webhook queue only a
  // function that serves the webhook redelivery route
  const routes = routesOf(p);
  const queuePolicies = (p.Policies ?? []).filter((pol) => typeof pol === 'object' && Object.keys(pol).some((k) => k.startsWith('SQS')));
  const names = (pol) => JSON.stringify(pol);
  if (routes.length && !routes.includes('POST /v1/audio/transcribe') && queuePolicies.some((pol) => names(pol).includes('"JobQueue'))) {
    fail(where, 'an HTTP function that does not submit has a job queue policy');
  }
  if (routes.length && !routes.includes('POST /v1/audio/transcriptions/{transcription_id}/webhook-deliveries')
      && queuePolicies.some((pol) => names(pol).includes('"WebhookQueue'))) {
    fail(where, 'an HTTP function that does not redeliver webhooks has a webhook queue policy');
  }
  if (routes.length && queuePolicies.some((pol) => !names(pol).includes('"JobQueue') && !names(pol).includes('"WebhookQueue'))) {
    fail(where, 'an HTTP function has a policy on a queue other than the job and webhook queues');
  }
  const env = p.Environment?.Variables ?? {};
  if (env.TRANSCRIBE_ADMIN_TOKEN !== undefined && routes.some((rt) => !rt.includes(' /v1/admin/'))) {
    fail(where, 'the operator token goes to a function that serves customer routes');
  }
  ok();
}
const adminHolders = functions.filter(([, r]) => r.Properties.Environment?.Variables?.TRANSCRIBE_ADMIN_TOKEN !== undefined);
for (const [name, r] of functions) {
  if (routesOf(r.Properties).some((rt) => rt.includes(' /v1/admin/')) && !adminHolders.some(([n]) => n === name)) {
    fail(`Resources.${name}`, 'serves operator routes without TRANSCRIBE_ADMIN_TOKEN (the operator API would be off)');
  }
}

// ---------------------------------------------------------------- the code and the build output
const JAVA_HANDLER = 'io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest';
const PENDING_SETTINGS = {
};
const OTHER_ENV = new Set(['JAVA_TOOL_OPTIONS']);

const { settings, handlers, jaxrsRoutes } = codeModel(ROOT);
if (settings.length < 20) fail('code', `found only ${settings.length} @ConfigMapping settings: the scan is broken`);
if (jaxrsRoutes.size < 5) fail('code', `found only ${jaxrsRoutes.size} JAX-RS routes: the scan is broken`);

const zips = new Map();
function openZip(codeUri, where) {
  if (zips.has(codeUri)) return zips.get(codeUri);
  const path = join(ROOT, codeUri);
  let entry = null;
  if (!existsSync(path)) {
    fail(where, `CodeUri ${codeUri} does not exist: build first (deploy/build.sh jvm)`);
  } else {
    const zip = Zip.open(path);
    const classes = new Set();
    const quarkusEnv = new Set();
    const jars = zip.names().filter((n) => n.endsWith('.jar'));
    for (const jarName of jars) {
      const jar = new Zip(zip.read(jarName));
      for (const n of jar.names()) if (n.endsWith('.class')) classes.add(n);
      configModelEnv(jar).forEach((e) => quarkusEnv.add(e));
    }
    for (const n of zip.names()) if (n.endsWith('.class')) classes.add(n.replace(/^(app\/|classes\/)/, ''));
    entry = { zip, classes, quarkusEnv, jars };
  }
  zips.set(codeUri, entry);
  return entry;
}
const hasClass = (z, binary) => z.classes.has(`${binary}.class`);

const routesServed = new Map();
for (const [name, r] of functions) {
  const p = r.Properties;
  const where = `Resources.${name}`;
  const routes = routesOf(p);
  for (const route of routes) {
    if (!jaxrsRoutes.has(route)) fail(where, `route ${route} has no JAX-RS method in src/api`);
    if (routesServed.has(route)) fail(where, `route ${route} also served by ${routesServed.get(route)}`);
    routesServed.set(route, name);
    ok();
  }
  const z = openZip(p.CodeUri, where);
  if (!z) continue;
  ok();
  if (p.Handler !== JAVA_HANDLER) fail(where, `Handler ${p.Handler}: the Java runtime runs ${JAVA_HANDLER}`);
  if (!hasClass(z, 'io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler')) fail(where, `${p.CodeUri} lacks the handler class QuarkusStreamHandler`);
  if (!z.zip.has('bootstrap')) notes.push(`${p.CodeUri} has no bootstrap: a JVM build (Packaging=native needs deploy/build.sh native)`);
  const env = p.Environment?.Variables ?? {};
  if (routes.length) {
    if (!hasClass(z, 'io/quarkus/amazon/lambda/http/LambdaHttpHandler')) fail(where, `${p.CodeUri} serves HTTP routes but is not the -Plambda build (no LambdaHttpHandler)`);
  } else {
    const handler = env.QUARKUS_LAMBDA_HANDLER;
    if (!handler) fail(where, 'a function without routes must name its QUARKUS_LAMBDA_HANDLER');
    else if (!handlers.has(handler)) fail(where, `QUARKUS_LAMBDA_HANDLER=${handler}: no @Named("${handler}") RequestHandler in the code`);
    else if (!hasClass(z, handlers.get(handler))) fail(where, `${handlers.get(handler)} is not in ${p.CodeUri}`);
    ok();
  }
  for (const [k, v] of Object.entries(env)) {
    const at = `${where}.Environment.${k}`;
    if (k.startsWith('TRANSCRIBE_')) {
      const s = settings.find((x) => x.env === k) ?? settings.find((x) => x.map && k.startsWith(`${x.env}_`));
      if (!s) {
        if (PENDING_SETTINGS[k]) notes.push(`${k} (${name}): not in the code yet: ${PENDING_SETTINGS[k]}`);
        else fail(at, 'no @ConfigMapping setting of that name in the code');
      } else if (!hasClass(z, s.className)) {
        fail(at, `the setting lives in ${s.className}, which ${p.CodeUri} does not carry`);
      }
    } else if (k.startsWith('QUARKUS_')) {
      if (k === 'QUARKUS_LAMBDA_HANDLER') continue; // checked against the handlers above
      if (!z.quarkusEnv.has(k)) fail(at, `no Quarkus extension in ${p.CodeUri} documents this setting`);
    } else if (!OTHER_ENV.has(k)) {
      fail(at, 'unknown environment variable');
    }
    if (intrinsic(v) === 'Ref' && resources[v.Ref]?.Type === 'AWS::SQS::Queue' && !k.endsWith('_QUEUE_URL')) {
      fail(at, 'a queue URL in a variable not named *_QUEUE_URL');
    }
    ok();
  }
}
for (const route of jaxrsRoutes) {
  if (!routesServed.has(route)) fail('template', `JAX-RS route ${route} is served by no function`);
  ok();
}

// ---------------------------------------------------------------- report
for (const n of [...new Set(notes)]) console.log(`note: ${n}`);
if (errors.length) {
  for (const e of errors) console.error(`error: ${e}`);
  console.error(`template check: ${errors.length} problem(s) in ${relative(process.cwd(), templatePath)} (${checks} checks)`);
  process.exit(1);
}
console.log(`template check: ${relative(process.cwd(), templatePath) || templatePath} is valid (${Object.keys(resources).length} resources, `
  + `${functions.length} functions, ${routesServed.size} routes, ${checks} checks)`);
