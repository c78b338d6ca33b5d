// What the checks compare the deployment files with: the settings (@ConfigMapping), the Lambda handlers
// (@Named RequestHandler) and the JAX-RS routes of the sources, and the Quarkus settings documented by the
// extensions inside a build.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The environment-variable names of every Quarkus setting documented in one jar (a Zip). */
export function configModelEnv(jar) {
  const out = new Set();
  const model = jar.read('META-INF/quarkus-config-doc/quarkus-config-model.json');
  if (model) {
    JSON.stringify(JSON.parse(model.toString('utf8')), (k, v) => {
      if (k === 'environmentVariable' && typeof v === 'string') out.add(v);
      return v;
    });
  }
  return out;
}

export function codeModel(ROOT) {
  function javaFiles(dir, out = []) {
    if (!existsSync(dir)) return out;
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) javaFiles(p, out);
      else if (f.endsWith('.java')) out.push(p);
    }
    return out;
  }
  const sources = readdirSync(join(ROOT, 'src')).flatMap((m) => javaFiles(join(ROOT, 'src', m, 'src/main/java')));
  const kebab = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const envName = (s) => s.toUpperCase().replace(/[^A-Z0-9]/g, '_');

  // @ConfigMapping interfaces: every setting name, with the class that carries it
  const settings = []; // {env, prefixOnly, className}
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    const m = text.match(/@ConfigMapping\(prefix\s*=\s*"([^"]+)"\)/);
    if (!m) continue;
    const module = relative(ROOT, file).split('/')[1];
    const className = relative(join(ROOT), file).replace(/^src\/[^/]+\/src\/main\/java\//, '').replace(/\.java$/, '');
    const nested = new Set([...text.matchAll(/interface\s+(\w+)\s*\{/g)].map((x) => x[1]));
    const bodyOf = (name) => {
      const start = text.indexOf(`interface ${name}`);
      let depth = 0; let i = text.indexOf('{', start);
      const from = i;
      for (; i < text.length; i++) { if (text[i] === '{') depth++; if (text[i] === '}' && --depth === 0) break; }
      return text.slice(from + 1, i);
    };
    const strip = (body) => { // drop nested interface bodies and comments
      let out = ''; let depth = 0;
      for (const ch of body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')) {
        if (ch === '{') depth++;
        if (depth === 0) out += ch;
        if (ch === '}') depth--;
      }
      return out;
    };
    const collect = (iface, prefix) => {
      for (const mm of strip(bodyOf(iface)).matchAll(/(?:^|(?<=[;{}]))\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*([\w.<>, ?]+?)\s+(\w+)\(\)\s*;/g)) {
        const [, type, method] = mm;
        const key = `${prefix}.${kebab(method)}`;
        if (nested.has(type.trim())) collect(type.trim(), key);
        else settings.push({ env: envName(key), map: /^Map</.test(type.trim()), className, module });
      }
    };
    collect(text.match(/public\s+interface\s+(\w+)/)[1], m[1]);
  }

  // @Named Lambda handlers in the sources
  const handlers = new Map(); // name -> class (binary name with /)
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    const m = text.match(/@Named\("([^"]+)"\)\s*public\s+class\s+\w+\s+implements\s+RequestHandler</);
    if (m) handlers.set(m[1], relative(ROOT, file).replace(/^src\/[^/]+\/src\/main\/java\//, '').replace(/\.java$/, ''));
  }

  // JAX-RS routes of the API
  const jaxrsRoutes = new Set();
  for (const file of sources.filter((f) => f.includes('/src/api/'))) {
    const text = readFileSync(file, 'utf8');
    const classPath = text.match(/@Path\("([^"]*)"\)\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*public\s+class/)?.[1];
    if (classPath === undefined) continue;
    for (const mm of text.matchAll(/((?:@[\w.]+(?:\("[^"]*"\)|\([^)]*\))?\s*)+)(?:public\s+)?[\w<>, ?.\[\]]+\s+\w+\(/g)) {
      const annotations = mm[1];
      const verb = annotations.match(/@(GET|POST|PUT|DELETE|PATCH)\b/)?.[1];
      if (!verb) continue;
      const sub = annotations.match(/@Path\("([^"]*)"\)/)?.[1] ?? '';
      jaxrsRoutes.add(`${verb} ${(classPath + sub).replace(/\/+$/, '') || '/'}`);
    }
  }
  return { settings, handlers, jaxrsRoutes, sources };
}

/** The setting an environment variable names, or null. */
export function settingFor(settings, env) {
  return settings.find((x) => x.env === env) ?? settings.find((x) => x.map && env.startsWith(`${x.env}_`)) ?? null;
}
