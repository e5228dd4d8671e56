/**
 * Enforces the import boundaries of ../shared/DESIGN.md: each top-level folder may import only
 * the folders listed for it. Also forbids Node built-ins in sdk/ (it must run in browsers).
 * Usage: tsx tools/lint-imports.ts  (exit 1 on any violation)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** folder -> folders it may import (itself is always allowed). */
const ALLOWED: Record<string, string[]> = {
  protocol: [],
  core: ['protocol'],
  surrogates: ['core', 'protocol'],
  acquisitions: ['core', 'protocol', 'surrogates'],
  policy: ['core', 'protocol', 'surrogates', 'acquisitions'],
  server: ['policy', 'protocol', 'core', 'surrogates', 'acquisitions'],
  sdk: ['protocol'],
  /** The dashboard is a client like any other: it talks to the server through the browser SDK only. */
  dashboard: ['sdk'],
  benchmarks: ['policy', 'sdk', 'core', 'protocol', 'surrogates', 'acquisitions', 'server'],
  examples: ['sdk', 'protocol'],
  cli: ['sdk', 'protocol', 'server'],
  test: ['*'],
  tools: ['*'],
};

/**
 * acquisitions/ may see surrogates only through the seam file. cli/ is a client like any other
 * (sdk/, protocol/); only `bayesopt serve` reaches into server/, for the server's own command line.
 */
const ONLY_FILES: Record<string, Record<string, string[]>> = {
  acquisitions: { surrogates: ['surrogates/types.ts'] },
  cli: { server: ['server/run-cli.ts'] },
};

/**
 * Sub-rooms that may import only themselves from their own top folder: server/compute is the
 * compute plane's seam (DESIGN.md), kept free of the service so a distributed queue can replace it.
 */
const SEALED: Record<string, string> = {
  'server/compute': 'server',
};

const NO_IO = new Set(['core', 'surrogates', 'acquisitions', 'policy']);
const IO_MODULES = new Set(['fs', 'net', 'http', 'https', 'child_process', 'dgram', 'tls', 'fs/promises']);
/**
 * Named, reviewed exceptions to NO_IO. The PFN's weights are a read-only asset shipped with the
 * code (like a module), loaded once per process; reading them where the model is built keeps every
 * caller (server, benchmarks, tests) free of wiring. Nothing else under surrogates/ may do I/O.
 */
const IO_EXCEPTIONS: Record<string, string[]> = {
  'surrogates/pfn/weights-file.ts': ['fs/promises'],
};
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'build' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|mts|tsx)$/.test(name)) yield path;
  }
}

const IMPORT_RE = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

const problems: string[] = [];
for (const top of Object.keys(ALLOWED)) {
  const dir = join(ROOT, top);
  try {
    statSync(dir);
  } catch {
    continue;
  }
  for (const file of walk(dir)) {
    const src = readFileSync(file, 'utf8');
    const fileRel = relative(ROOT, file);
    for (const m of src.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec) continue;
      if (spec.startsWith('.')) {
        const target = relative(ROOT, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
        const targetTop = target.split(sep)[0];
        const room = Object.keys(SEALED).find((r) => fileRel.startsWith(r + sep));
        if (room && targetTop === SEALED[room] && !target.startsWith(room + sep)) {
          problems.push(`${fileRel}: imports ${spec} (${room}/ may import nothing else from ${SEALED[room]}/)`);
          continue;
        }
        if (targetTop === top || ALLOWED[top].includes('*')) continue;
        if (!ALLOWED[top].includes(targetTop)) {
          problems.push(`${fileRel}: imports ${spec} (${targetTop}/ is not allowed from ${top}/)`);
          continue;
        }
        const only = ONLY_FILES[top]?.[targetTop];
        if (only && !only.includes(target)) problems.push(`${fileRel}: imports ${spec} (${top}/ may import only ${only.join(', ')} from ${targetTop}/)`);
      } else {
        const bare = spec.replace(/^node:/, '');
        if ((top === 'sdk' || top === 'dashboard') && NODE_BUILTINS.has(spec)) problems.push(`${fileRel}: imports Node built-in ${spec} (${top}/ must run in browsers)`);
        if (NO_IO.has(top) && IO_MODULES.has(bare) && !IO_EXCEPTIONS[fileRel]?.includes(bare)) problems.push(`${fileRel}: imports ${spec} (${top}/ does no I/O)`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} import-boundary violation(s)`);
  process.exit(1);
}
console.log('imports: ok');
