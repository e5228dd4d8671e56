/** The commands that talk to a server (through the SDK, like any client): each returns what to print. */
import { readFile } from 'node:fs/promises';
import type { Client, Study, Trial } from '../sdk/index.js';
import { STATES, type Parsed } from './args.js';
import { autoChoiceLine, proxyDesignLine, proxyLawLine, proxyPhaseLine } from '../sdk/index.js';
import { csvTrials, parseCsv } from './csv-import.js';
import { CliError, EXIT } from './exit-codes.js';
import { resolveStudy } from './resolve.js';
import { cell, fields, table } from './table.js';

/** What a command prints: `data` with --json, `text` otherwise (raw: printed as is in both modes). */
export interface Output {
  data: unknown;
  text: string;
  raw?: boolean;
}

/** Trials per trial:add message (the wire takes 10,000; 1,000 keeps each under the 1 MB limit for wide spaces). */
const IMPORT_CHUNK = 1000;


function counts(s: Study): string {
  return STATES.filter((k) => s.trialCounts[k] > 0).map((k) => `${k} ${s.trialCounts[k]}`).join(', ') || 'none';
}

function firstValue(s: Study, t: Trial | null): number | undefined {
  return t?.values?.[Object.keys(s.objectives)[0]!];
}

function trialsTable(study: Study, trials: readonly Trial[]): string {
  const params = Object.keys(study.space);
  const objectives = Object.keys(study.objectives);
  const rows = trials.map((t) => [t.number, t.state, ...params.map((p) => t.params[p]), ...objectives.map((o) => t.values?.[o]), t.finishedAt ?? t.createdAt]);
  return table(['#', 'state', ...params, ...objectives, 'time'], rows);
}

/** `studies`: every study with its counts and best value. */
export async function studies(client: Client): Promise<Output> {
  const handles = await client.listStudies();
  const bests = await Promise.all(handles.map((h) => h.best()));
  const data = handles.map((h, i) => ({ ...h.info, best: bests[i] }));
  const rows = handles.map((h, i) => [h.info.name, h.id, counts(h.info), firstValue(h.info, bests[i]!), h.info.createdAt]);
  return { data, text: handles.length === 0 ? 'no studies\n' : table(['name', 'id', 'trials', 'best', 'created'], rows) };
}

/** `show STUDY`: space, objectives, resolved algorithm, counts, best, last trials. */
export async function show(client: Client, p: Parsed): Promise<Output> {
  const last = p.flags.last === undefined ? 10 : Number(p.flags.last);
  const h = await resolveStudy(client, p.args[0]!);
  const [best, trials] = await Promise.all([h.best(), h.trials()]);
  const s = h.info;
  const recent = trials.slice(Math.max(0, trials.length - last));
  const text = [
    fields([
      ['name', s.name],
      ['id', s.id],
      ['created', s.createdAt],
      ['objectives', s.objectives],
      ['algorithm', s.effectiveAlgorithm ?? s.algorithm],
      ...(s.algorithm.surrogate === 'auto' ? ([['surrogate choice', autoChoiceLine(trials) ?? 'none yet (no model ask)']] as [string, unknown][]) : []),
      ...(s.effectiveAlgorithm?.proxyLaw === 'auto' ? ([['proxy law', proxyLawLine(trials) ?? 'none yet (no ask)']] as [string, unknown][]) : []),
      ...(s.effectiveAlgorithm?.proxyDesign === 'sequential' ? ([['proxy design', proxyDesignLine(trials) ?? 'none yet (no ask)']] as [string, unknown][]) : []),
      ...(s.effectiveAlgorithm?.multiFidelityModel === 'proxy-mean' ? ([['proxy phase', proxyPhaseLine(trials) ?? 'none yet (no ask)']] as [string, unknown][]) : []),
      ['lease seconds', s.leaseSeconds],
      ['trials', counts(s)],
      ['best', best === null ? null : `#${best.number} ${cell(best.values)} at ${cell(best.params)}`],
    ]),
    'space:\n' + Object.entries(s.space).map(([k, v]) => `  ${k}: ${cell(v)}`).join('\n') + '\n',
    recent.length === 0 ? '' : `last ${recent.length} trials:\n${trialsTable(s, recent)}`,
  ].join('\n');
  return { data: { study: s, best, trials: recent }, text };
}

/** `trials STUDY [--state S]`. */
export async function trials(client: Client, p: Parsed): Promise<Output> {
  const states = ((p.flags.state as string[] | undefined) ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '');
  const h = await resolveStudy(client, p.args[0]!);
  const list = await h.trials(states.length > 0 ? (states as Trial['state'][]) : undefined);
  return { data: list, text: list.length === 0 ? 'no trials\n' : trialsTable(h.info, list) };
}

/** `best STUDY`. */
export async function best(client: Client, p: Parsed): Promise<Output> {
  const h = await resolveStudy(client, p.args[0]!);
  const t = await h.best();
  const text = t === null ? 'no completed trial yet\n' : fields([['trial', `#${t.number}`], ['id', t.id], ...Object.entries(t.values ?? {}), ...Object.entries(t.params)]);
  return { data: t, text };
}

/** `export STUDY --format csv|json`: the CSV as is, the JSON export as JSON (either way). */
export async function exportStudy(client: Client, p: Parsed): Promise<Output> {
  const format = (p.flags.format as 'csv' | 'json' | undefined) ?? 'json';
  const h = await resolveStudy(client, p.args[0]!);
  const exported = await h.export(format);
  const text = exported.format === 'csv' ? exported.content : JSON.stringify({ study: exported.study, trials: exported.trials }, null, 2) + '\n';
  return { data: exported, text, raw: true };
}

/** `delete STUDY`. */
export async function deleteStudy(client: Client, p: Parsed): Promise<Output> {
  const h = await resolveStudy(client, p.args[0]!);
  await h.delete();
  return { data: { deleted: true, id: h.id, name: h.info.name }, text: `deleted study ${h.info.name} (${h.id})\n` };
}

/** `import STUDY FILE.csv`: every row is checked before the first is sent. */
export async function importCsv(client: Client, p: Parsed): Promise<Output> {
  const [ref, file] = p.args as [string, string];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, EXIT.usage);
  }
  const h = await resolveStudy(client, ref);
  const tolText = p.flags['simplex-tolerance'] as string | undefined;
  const simplexTolerance = tolText === undefined ? undefined : Number(tolText);
  const { trials: rows, skipped } = csvTrials(h.info, parseCsv(text), simplexTolerance);
  let added = 0;
  for (let i = 0; i < rows.length; i += IMPORT_CHUNK) {
    added += (await h.addTrials(rows.slice(i, i + IMPORT_CHUNK) as never, simplexTolerance === undefined ? {} : { simplexTolerance })).length;
  }
  const note = skipped > 0 ? ` (skipped ${skipped} rows not in state completed)` : '';
  return { data: { imported: added, skipped, studyId: h.id }, text: `imported ${added} completed trials into ${h.info.name} (${h.id})${note}\n` };
}
