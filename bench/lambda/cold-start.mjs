#!/usr/bin/env node
// Cold starts of the five Lambda functions, measured locally: for each run a fresh JVM is started the way
// AWS's Java runtime starts one (AWS's runtime interface client calling QuarkusStreamHandler, the zip's
// root and lib/*.jar on the class path, the runtime's default JVM flags), against a local Lambda Runtime
// API served here; the time is from process start to the function's answer to its first event.
//
//   node bench/lambda/cold-start.mjs STATE_FILE      (bench/lambda-cold-start.sh prepares everything)
//
// A zip with a bootstrap (deploy/build.sh lambda-cds) is started by its bootstrap instead, as Lambda's
// provided.al2023 runtime starts it.
//
// Environment: RUNS (5), FUNCTIONS (operator,submit,status,worker,sweeper), JAVA_EXTRA (extra JVM flags of the
// java17-started processes, e.g. -XX:SharedArchiveFile=...; {fn} in it becomes the function's name and a
// sequence number), WORK (a scratch directory with the unzipped zips).
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const stateFile = process.argv[2];
if (!stateFile) { console.error('usage: cold-start.mjs STATE_FILE'); process.exit(2); }
const state = Object.fromEntries(readFileSync(stateFile, 'utf8').split('\n').filter((l) => l.includes('=') && !l.startsWith('#'))
  .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/\\:/g, ':').replace(/\\=/g, '=')]));
const RUNS = Number(process.env.RUNS ?? 5);
const WORK = process.env.WORK ?? '/tmp/lambda-cold-start';
const FUNCTIONS = (process.env.FUNCTIONS ?? 'operator,submit,status,worker,sweeper').split(',');
const ADMIN_TOKEN = 'cold-start-admin-token';
const RIC = join(ROOT, 'bench/lambda/target/ric');

// ------------------------------------------------------------------ a local Lambda Runtime API
let current = null; // {requestId, event, resolve, reject, sentAt}
let waitingNext = null;
const server = createServer((req, res) => {
  const url = req.url;
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (process.env.DEBUG_RUNTIME) console.error(`runtime api: ${req.method} ${url} ${body.slice(0, 300)}`);
    if (req.method === 'GET' && url.endsWith('/runtime/invocation/next')) {
      if (current && !current.sentAt) deliver(res);
      else {
        // a runtime waits here between invocations; a killed process's wait must not take the next event
        waitingNext = res;
        res.on('close', () => { if (waitingNext === res) waitingNext = null; });
      }
      if (current && !current.firstNextAt) current.firstNextAt = performance.now();
      return;
    }
    const m = url.match(/\/runtime\/invocation\/([^/]+)\/(response|error)$/);
    if (req.method === 'POST' && m && current && m[1] === current.requestId) {
      res.writeHead(202).end();
      const c = current;
      current = null;
      if (m[2] === 'response') c.resolve({ at: performance.now(), body });
      else c.reject(new Error(`function error: ${body}`));
      return;
    }
    if (req.method === 'POST' && url.endsWith('/runtime/init/error')) {
      res.writeHead(202).end();
      if (current) { const c = current; current = null; c.reject(new Error(`init error: ${body}`)); }
      return;
    }
    res.writeHead(404).end();
  });
});
function deliver(res) {
  current.sentAt = performance.now();
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Aws-Request-Id': current.requestId,
    'Lambda-Runtime-Deadline-Ms': String(Date.now() + 900_000),
    'Lambda-Runtime-Invoked-Function-Arn': `arn:aws:lambda:us-east-1:123456789012:function:${current.fn}`,
    'Lambda-Runtime-Trace-Id': `Root=1-${Date.now().toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Sampled=0`,
  });
  res.end(current.event);
}
function invoke(fn, event, timeoutMs = 300_000) {
  return new Promise((resolveInvoke, reject) => {
    const timer = setTimeout(() => { current = null; reject(new Error(`${fn}: no answer in ${timeoutMs} ms`)); }, timeoutMs);
    current = { fn, requestId: randomUUID(), event, resolve: (r) => { clearTimeout(timer); resolveInvoke(r); },
      reject: (e) => { clearTimeout(timer); reject(e); } };
    if (waitingNext && !waitingNext.destroyed && !waitingNext.socket?.destroyed) { const res = waitingNext; waitingNext = null; current.firstNextAt ??= performance.now(); deliver(res); }
  });
}
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const runtimeApi = `127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------------ events, as AWS sends them
function httpEvent(routeKey, path, { headers = {}, body = null, pathParameters = null, query = '' } = {}) {
  const method = routeKey.split(' ')[0];
  return JSON.stringify({
    version: '2.0', routeKey, rawPath: path, rawQueryString: query,
    headers: { host: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', 'user-agent': 'curl/8.5.0',
      'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7', ...headers },
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: { accountId: '123456789012', apiId: 'a1b2c3d4e5', domainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'a1b2c3d4e5', http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
      requestId: randomUUID(), routeKey, stage: '$default', time: '26/Nov/2026:10:00:00 +0000', timeEpoch: Date.now() },
    ...(body ? { body } : {}), isBase64Encoded: false,
  });
}
const sqsEvent = (bodies) => JSON.stringify({ Records: bodies.map((b, i) => ({
  messageId: randomUUID(), receiptHandle: `rh-${i}`, body: b,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: String(Date.now()) },
  messageAttributes: {}, md5OfBody: '0', eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:transcription-jobs', awsRegion: 'us-east-1' })) });
const schedulerEvent = () => JSON.stringify({ schedule_arn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/sweeper',
  scheduled_time: new Date().toISOString(), execution_id: randomUUID(), attempt_number: '1' });

// ------------------------------------------------------------------ functions, with template.yaml's settings
const common = {
  QUARKUS_DATASOURCE_REACTIVE_URL: state['pg.reactive.url'], QUARKUS_DATASOURCE_JDBC_URL: state['pg.jdbc.url'],
  QUARKUS_DATASOURCE_USERNAME: 'postgres', QUARKUS_DATASOURCE_PASSWORD: 'postgres',
  QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE: '4', QUARKUS_FLYWAY_MIGRATE_AT_START: 'false', QUARKUS_SCHEDULER_ENABLED: 'false',
  TRANSCRIBE_QUEUE_URL: state['queue.url'], QUARKUS_SQS_ENDPOINT_OVERRIDE: state['queue.endpoint'],
  AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x',
  // the audio is on loopback here; on AWS it is a public URL
  TRANSCRIBE_FETCH_ALLOW_PRIVATE_ADDRESSES: 'true',
};
const FN = {
  operator: { zip: 'api', memory: 768, env: { TRANSCRIBE_ADMIN_TOKEN: ADMIN_TOKEN } },
  submit: { zip: 'api', memory: 1024, env: {} },
  status: { zip: 'api', memory: 768, env: {} },
  worker: { zip: 'worker', memory: 3008, env: { QUARKUS_LAMBDA_HANDLER: 'jobs', TRANSCRIBE_WORKER_POLL_ENABLED: 'false',
    TRANSCRIBE_DECODING_FFMPEG_ENABLED: 'false' }, tool: '-Djna.tmpdir=/tmp' },
  sweeper: { zip: 'worker', memory: 768, env: { QUARKUS_LAMBDA_HANDLER: 'sweep', TRANSCRIBE_WORKER_POLL_ENABLED: 'false' }, tool: '-Djna.tmpdir=/tmp' },
};
// AWS's java17 runtime starts the JVM with C1 only, serial GC and CDS of the JDK's classes, heap ~85 % of memory
const lambdaJvmFlags = (memory) => ['-XX:+TieredCompilation', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto',
  `-Xmx${Math.floor(memory * 0.85)}m`];

let processes = 0;
async function coldStart(name, firstEvent, more = []) {
  const f = FN[name];
  const task = join(WORK, f.zip);
  // AppCDS accepts only jars on the class path: the CDS runs use the zip's root packed as a jar (same classes)
  const cds = /SharedArchiveFile|ArchiveClassesAtExit/.test(process.env.JAVA_EXTRA ?? '');
  const cp = [`${RIC}/*`, cds ? `${task}-root.jar` : task, `${task}/lib/*`].join(':');
  mkdirSync(join(WORK, 'logs'), { recursive: true });
  const log = openSync(join(WORK, 'logs', `${name}.log`), 'a');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...common, ...f.env,
    AWS_LAMBDA_RUNTIME_API: runtimeApi, AWS_LAMBDA_FUNCTION_NAME: `transcribe-${name}`, AWS_LAMBDA_FUNCTION_VERSION: '1',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(f.memory), AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/transcribe-${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'local', LAMBDA_TASK_ROOT: task, _HANDLER: 'io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest',
    ...(f.tool ? { JAVA_TOOL_OPTIONS: f.tool } : {}) };
  // JAVA_EXTRA may name a file per process: {fn} becomes the function's name and a sequence number
  const extra = (process.env.JAVA_EXTRA ?? '').replaceAll('{fn}', `${name}.${++processes}`);
  const args = [...lambdaJvmFlags(f.memory), ...(extra ? extra.split(' ') : []),
    `-Djavax.net.ssl.trustStore=${join(ROOT, 'src/local/tls/truststore.p12')}`, '-Djavax.net.ssl.trustStorePassword=changeit',
    '-cp', cp, 'com.amazonaws.services.lambda.runtime.api.client.AWSLambda', env._HANDLER];
  // a zip with a bootstrap (deploy/build.sh lambda-cds) starts its own runtime, as Lambda's provided.al2023 does
  const provided = existsSync(join(task, 'bootstrap'));
  if (provided) {
    // JAVA_EXTRA is for the java17-started processes (a bootstrap brings its own archive)
    env.JAVA_TOOL_OPTIONS = [f.tool, `-Djavax.net.ssl.trustStore=${join(ROOT, 'src/local/tls/truststore.p12')}`,
      '-Djavax.net.ssl.trustStorePassword=changeit'].filter(Boolean).join(' ');
  }
  const started = performance.now();
  const child = provided ? spawn(join(task, 'bootstrap'), [], { env, cwd: task, stdio: ['ignore', log, log] })
    : spawn('java', args, { env, stdio: ['ignore', log, log] });
  const exited = new Promise((r) => child.on('exit', r));
  try {
    const p = invoke(name, firstEvent);
    const first = await p;
    const result = { total: first.at - started, cpu: cpuMillis(child.pid), body: first.body };
    result.extra = [];
    for (const e of more) result.extra.push((await invoke(name, e)).body);
    return result;
  } finally {
    child.kill('SIGTERM');
    // a training run for AppCDS writes its archive at exit: give it time
    const timer = setTimeout(() => child.kill('SIGKILL'), (process.env.JAVA_EXTRA ?? '').includes('ArchiveClassesAtExit') ? 180_000 : 15_000);
    await exited;
    clearTimeout(timer);
  }
}
/** CPU time (user + system) a process has used so far, in ms: less sensitive than wall time to a busy machine. */
function cpuMillis(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks of 10 ms
  } catch {
    return NaN;
  }
}
const answer = (body) => { const r = JSON.parse(body); return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null }; };
const expect = (ok, what, body) => { if (!ok) throw new Error(`${what}: ${body}`); };

// ------------------------------------------------------------------ the runs
const times = Object.fromEntries(FUNCTIONS.map((f) => [f, []]));
const cpu = Object.fromEntries(FUNCTIONS.map((f) => [f, []]));
let apiKey = null; let orgId = null;
const jobs = [];
const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
console.log(`runs per function: ${RUNS}; load average at start: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const name of ['operator', 'submit', 'status', 'worker', 'sweeper']) {
  const needed = FUNCTIONS.includes(name);
  const runs = needed ? RUNS : 0;
  for (let i = 0; i < Math.max(runs, name === 'operator' || name === 'submit' ? 1 : 0); i++) {
    let r;
    if (name === 'operator') {
      r = await coldStart(name, httpEvent('POST /v1/admin/organizations', '/v1/admin/organizations', { headers: admin, body: '{"name": "cold start"}' }));
      const created = answer(r.body);
      expect(created.status === 201, 'operator', r.body);
      if (!apiKey) {
        orgId = created.body.data.organization_id;
        const more = await coldStart(name, httpEvent('POST /v1/admin/organizations/{organization_id}/api-keys', `/v1/admin/organizations/${orgId}/api-keys`,
          { headers: admin, body: '{}', pathParameters: { organization_id: orgId } }), [
          httpEvent('POST /v1/admin/organizations/{organization_id}/credits', `/v1/admin/organizations/${orgId}/credits`,
            { headers: admin, body: '{"amount": 100000, "reference": "cold start"}', pathParameters: { organization_id: orgId } })]);
        apiKey = answer(more.body).body.data.api_key;
        expect(answer(more.extra[0]).status === 201, 'credit', more.extra[0]);
      }
    } else if (name === 'submit') {
      const submitEvent = () => httpEvent('POST /v1/audio/transcribe', '/v1/audio/transcribe', {
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ organization_id: orgId, transcription_options: { language: 'en', audio_url: state['audio.url'] } }) });
      // every worker run needs a job of its own: without submit runs, one process submits them all
      const extra = !needed && FUNCTIONS.includes('worker') ? RUNS - 1 : 0;
      r = await coldStart(name, submitEvent(), Array.from({ length: extra }, submitEvent));
      for (const body of [r.body, ...r.extra]) {
        const a = answer(body);
        expect(a.status === 202, 'submit', body);
        jobs.push(a.body.data.transcription_id);
      }
    } else if (name === 'status') {
      const id = jobs[i % jobs.length];
      r = await coldStart(name, httpEvent('GET /v1/audio/transcriptions/{transcription_id}', `/v1/audio/transcriptions/${id}`,
        { headers: { authorization: `Bearer ${apiKey}` }, pathParameters: { transcription_id: id } }));
      expect(answer(r.body).status === 200, 'status', r.body);
    } else if (name === 'worker') {
      const id = jobs[i % jobs.length];
      r = await coldStart(name, sqsEvent([JSON.stringify({ transcription_id: id, organization_id: orgId })]));
      expect(JSON.parse(r.body).batchItemFailures?.length === 0, 'worker', r.body);
    } else {
      r = await coldStart(name, schedulerEvent());
      expect(JSON.parse(r.body).stuck_jobs_recovered !== undefined, 'sweeper', r.body);
    }
    if (needed && i < runs) { times[name].push(r.total); cpu[name].push(r.cpu); }
    if (needed) process.stdout.write(`  ${name} run ${i + 1}: ${Math.round(r.total)} ms (CPU ${r.cpu} ms), load ${loadavg()[0].toFixed(1)}\n`);
  }
}
server.close();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log('\nfunction   first event (process start -> answer), ms      CPU used by then, ms');
console.log('           median    min    max   runs                median');
for (const name of FUNCTIONS) {
  const t = times[name];
  if (!t.length) continue;
  console.log(`${name.padEnd(10)} ${String(Math.round(median(t))).padStart(6)} ${String(Math.round(Math.min(...t))).padStart(6)} `
    + `${String(Math.round(Math.max(...t))).padStart(6)}   ${t.length}                ${String(Math.round(median(cpu[name]))).padStart(6)}`);
}
console.log(`load average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const submitMedian = times.submit?.length ? median(times.submit) : null;
if (submitMedian !== null) console.log(`target: first answered submit < 1000 ms: ${submitMedian < 1000 ? "met" : "NOT met"} (${Math.round(submitMedian)} ms)`);
