#!/usr/bin/env node
// Checks the container deployment as far as a machine without a Docker engine can:
// - infra/compose.yaml against the Compose Specification schema and dclint's rules (errors fail);
// - every Dockerfile with dockerfile-utils' validator (the VS Code Dockerfile language service);
// - what they name exists: each COPY source in the app's build output (./mvnw package, JVM), each build
//   context and Dockerfile, each TRANSCRIBE_* / QUARKUS_* variable as a setting of that app, each queue
//   URL as a queue of infra/elasticmq.conf.
//
//   node deploy/check/check-containers.mjs        (after ./mvnw package or verify of src/api and src/worker)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { Zip } from './zip.mjs';
import { codeModel, configModelEnv, settingFor } from './code-model.mjs';

const require = createRequire(import.meta.url);
const { validate, ValidationSeverity } = require('dockerfile-utils');
const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const errors = [];
let checks = 0;
const fail = (where, message) => errors.push(`${where}: ${message}`);

// ---------------------------------------------------------------- compose: schema + lint
const composePath = join(ROOT, 'infra/compose.yaml');
const dclint = spawnSync(process.execPath, [join(dirname(require.resolve('dclint/package.json')), 'bin/dclint.cjs'), '-q', '--color', 'false', composePath],
  { encoding: 'utf8' });
if (dclint.status !== 0) fail('infra/compose.yaml', `dclint:\n${dclint.stdout}${dclint.stderr}`);
checks++;

// ---------------------------------------------------------------- Dockerfiles
const dockerfiles = ['api', 'worker'].flatMap((app) => ['Dockerfile.jvm', 'Dockerfile.native']
  .map((f) => ({ app, kind: f.split('.')[1], path: join(ROOT, 'src', app, 'src/main/docker', f) })));
for (const d of dockerfiles) {
  const where = d.path.slice(ROOT.length + 1);
  if (!existsSync(d.path)) { fail(where, 'missing'); continue; }
  const text = readFileSync(d.path, 'utf8');
  for (const diagnostic of validate(text)) {
    const line = diagnostic.range.start.line + 1;
    if (diagnostic.severity === ValidationSeverity.ERROR) fail(`${where}:${line}`, diagnostic.message);
    else console.log(`note: ${where}:${line}: ${diagnostic.message}`);
  }
  if (!/^USER\s+(?!root|0\b)\S+/m.test(text)) fail(where, 'runs as root (no USER)');
  // COPY sources: the JVM images take the fast-jar of ./mvnw package; the native ones the -runner executable
  const context = join(ROOT, 'src', d.app);
  for (const m of text.matchAll(/^COPY\s+(?:--\S+\s+)*(\S+)\s+\S+\s*$/gm)) {
    const source = m[1];
    if (d.kind === 'native') {
      if (source !== 'target/*-runner') fail(where, `native image copies ${source}, not the executable target/*-runner`);
    } else {
      const dir = join(context, dirname(source));
      const base = source.split('/').pop();
      const found = base === '' ? existsSync(join(context, source))
        : base.includes('*') ? existsSync(dir) && readdirSync(dir).some((f) => new RegExp(`^${base.replace('.', '\\.').replace('*', '.*')}$`).test(f))
          : existsSync(join(context, source));
      if (!found) fail(where, `COPY ${source}: not in the build output of src/${d.app} (./mvnw package -pl src/${d.app} -am first)`);
    }
    checks++;
  }
  checks++;
}

// ---------------------------------------------------------------- compose: what it names exists
// the modules whose settings each app's image carries: its own and those it depends on (see the poms)
const LIBRARIES = ['audio-format', 'egress', 'transcript', 'domain'];
const CARRIED = { api: [...LIBRARIES, 'api'], worker: [...LIBRARIES, 'engine', 'processing', 'worker'] };
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true });
const { settings } = codeModel(ROOT);
const queueNames = [...readFileSync(join(ROOT, 'infra/elasticmq.conf'), 'utf8').matchAll(/^\s{2}([\w-]+)\s*\{/gm)].map((m) => m[1]);
for (const [name, service] of Object.entries(compose.services ?? {})) {
  const where = `infra/compose.yaml services.${name}`;
  if (!service.build) continue;
  const context = resolve(join(ROOT, 'infra'), service.build.context);
  const dockerfile = join(context, service.build.dockerfile ?? 'Dockerfile');
  if (!existsSync(dockerfile)) fail(where, `no ${dockerfile}`);
  const app = context.split('/').pop();
  // the Quarkus settings the app's build documents
  // fast-jar (the API) or legacy jar (the worker: quarkus-amazon-lambda packages it so)
  const lib = [join(context, 'target/quarkus-app/lib/main'), join(context, 'target/lib')].find(existsSync) ?? join(context, 'target/lib');
  const quarkusEnv = new Set();
  if (existsSync(lib)) {
    for (const jar of readdirSync(lib).filter((f) => f.endsWith('.jar'))) configModelEnv(Zip.open(join(lib, jar))).forEach((e) => quarkusEnv.add(e));
  } else {
    fail(where, `no ${lib}: build the app first (./mvnw package -pl src/${app} -am)`);
  }
  const moduleOf = (className) => settings.find((s) => s.className === className)?.module;
  for (const [k, v] of Object.entries(service.environment ?? {})) {
    if (k.startsWith('TRANSCRIBE_')) {
      const s = settingFor(settings, k);
      if (!s) fail(`${where}.environment.${k}`, 'no @ConfigMapping setting of that name in the code');
      else if (!CARRIED[app]?.includes(s.module)) {
        fail(`${where}.environment.${k}`, `a setting of src/${s.module}, which the ${app} image does not carry (${moduleOf(s.className)})`);
      }
    } else if (k.startsWith('QUARKUS_') && quarkusEnv.size && !quarkusEnv.has(k)) {
      fail(`${where}.environment.${k}`, `no Quarkus extension of src/${app} documents this setting`);
    }
    if (k.endsWith('_QUEUE_URL')) {
      const queue = String(v).split('/').pop();
      if (!queueNames.includes(queue)) fail(`${where}.environment.${k}`, `queue ${queue} is not in infra/elasticmq.conf (${queueNames.join(', ')})`);
    }
    checks++;
  }
}

for (const e of errors) console.error(`error: ${e}`);
if (errors.length) {
  console.error(`container check: ${errors.length} problem(s) (${checks} checks)`);
  process.exit(1);
}
console.log(`container check: infra/compose.yaml and ${dockerfiles.length} Dockerfiles are valid (${checks} checks)`);
