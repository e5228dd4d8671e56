/** `bayesopt recommend STUDY [--export FILE]`: the recommendation, and its mixture as a training-config file. */
import { writeFile } from 'node:fs/promises';
import { mixtureFile, type Client } from '../sdk/index.js';
import type { Parsed } from './args.js';
import type { Output } from './commands.js';
import { CliError, EXIT } from './exit-codes.js';
import { resolveStudy } from './resolve.js';
import { cell, fields } from './table.js';

/** Prints the recommendation; with --export writes the mixture file (YAML or JSON by extension). */
export async function recommendCommand(client: Client, p: Parsed): Promise<Output> {
  const h = await resolveStudy(client, p.args[0]!);
  const rec = await h.recommend();
  const file = p.flags.export as string | undefined;
  let exported: string | undefined;
  if (file !== undefined) {
    const format = /\.json$/i.test(file) ? 'json' : 'yaml';
    let text: string;
    try {
      text = mixtureFile(rec, { format, ...(p.flags.param === undefined ? {} : { param: p.flags.param as string }) });
    } catch (e) {
      throw new CliError(`${h.info.name}: ${e instanceof Error ? e.message : String(e)}`, EXIT.refused);
    }
    try {
      await writeFile(file, text);
    } catch (e) {
      throw new CliError(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`, EXIT.usage);
    }
    exported = file;
  }
  const text = fields([
    ['study', `${h.info.name} (${h.id})`],
    ['objective', `${rec.objective} (${rec.direction})`],
    ['predicted', rec.predicted],
    ['95% interval', `[${rec.interval.lower}, ${rec.interval.upper}]`],
    ['model', `${rec.model.kind}, ${rec.model.observations} observations${rec.model.note ? ` (${rec.model.note})` : ''}`],
    ...(rec.fidelity ? [['fidelity', `${rec.fidelity.name} = ${rec.fidelity.value}`] as [string, unknown]] : []),
    ...Object.entries(rec.params).map(([k, v]) => [k, cell(v)] as [string, unknown]),
    ...(exported ? [['exported', exported] as [string, unknown]] : []),
  ]);
  return { data: { recommendation: rec, ...(exported ? { exported } : {}) }, text };
}
