/** `bayesopt curve STUDY TRIAL`: one trial's learning curve (its reported intermediate values). */
import type { Client } from '../sdk/index.js';
import type { Parsed } from './args.js';
import type { Output } from './commands.js';
import { CliError, EXIT } from './exit-codes.js';
import { resolveStudy } from './resolve.js';
import { cell, fields, table } from './table.js';

/** The trial TRIAL names: its number (digits) or its id. */
export async function curve(client: Client, p: Parsed): Promise<Output> {
  const h = await resolveStudy(client, p.args[0]!);
  const ref = p.args[1]!;
  const trials = await h.trials(undefined, { curves: true });
  const t = trials.find((x) => x.id === ref) ?? (/^\d+$/.test(ref) ? trials.find((x) => x.number === Number(ref)) : undefined);
  if (!t) throw new CliError(`no trial '${ref}' (a number or an id) in study ${h.info.name}`, EXIT.notFound);
  const points = t.intermediate ?? [];
  const head = fields([
    ['trial', `#${t.number} (${t.id})`],
    ['state', t.state],
    ['params', cell(t.params)],
    ['values', t.values === undefined ? null : cell(t.values)],
  ]);
  const body = points.length === 0 ? 'no intermediate values reported\n' : table(['step', 'value'], points.map((q) => [q.step, q.value]));
  return { data: { trial: t, intermediate: points }, text: `${head}\n${body}` };
}
