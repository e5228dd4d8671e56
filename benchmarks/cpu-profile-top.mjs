/**
 * Where a server's time went, from a V8 .cpuprofile (`node --cpu-prof`): the functions with the
 * most self time, and the most inclusive time (a function counted once per sample however deep it
 * recurses). Times are sampled wall time of the profiled thread while it ran JavaScript or native
 * code called from it ('(idle)' is the event loop waiting).
 *
 *   node benchmarks/cpu-profile-top.mjs PROFILE.cpuprofile [selfRows=40] [inclusiveRows=60]
 */
import { readFileSync } from 'node:fs';

const [file, selfRows = '40', inclusiveRows = '60'] = process.argv.slice(2);
if (!file) throw new Error('usage: node benchmarks/cpu-profile-top.mjs PROFILE.cpuprofile [selfRows] [inclusiveRows]');
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const sampled = new Map();
for (let i = 0; i < profile.samples.length; i++) sampled.set(profile.samples[i], (sampled.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^file:\/\/.*?\/(dist|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
let total = 0;
const self = new Map();
const inclusive = new Map();
for (const [id, t] of sampled) {
  total += t;
  self.set(name(byId.get(id)), (self.get(name(byId.get(id))) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
}
const idle = self.get('(idle) :0') ?? 0;
const table = (m, rows) => [...m].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, Number(rows)).map(([k, t]) => `${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / (total - idle)).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`${(total / 1000).toFixed(0)} ms sampled, ${((total - idle) / 1000).toFixed(0)} ms busy (percentages: of busy)`);
console.log('--- self'); console.log(table(self, selfRows));
console.log('--- inclusive'); console.log(table(inclusive, inclusiveRows));
