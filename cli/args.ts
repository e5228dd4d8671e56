/** The CLI's command line: the commands, their flags and their --help texts. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT } from './exit-codes.js';

/** Flags every command (except serve) takes. */
const GLOBAL = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const GLOBAL_HELP = `Global flags:
  --url URL      the server (env BO_URL; default http://127.0.0.1:7700)
  --token T      bearer token (env BO_TOKEN)
  --json         print JSON for scripts instead of tables
  -h, --help     this help`;

/** Each command: its positionals, extra flags and help. */
export const COMMANDS = {
  studies: { positionals: [], options: {}, help: 'bayesopt studies [--json]\n  Lists studies: name, id, trial counts by state, best value, created.' },
  show: { positionals: ['STUDY'], options: { last: { type: 'string' } }, help: 'bayesopt show STUDY [--last N] [--json]\n  The study: space, objectives, algorithm as resolved, trial counts, best trial and the last N (10) trials.\n  STUDY is an id or a unique name.' },
  trials: { positionals: ['STUDY'], options: { state: { type: 'string', multiple: true } }, help: 'bayesopt trials STUDY [--state S ...] [--json]\n  The trials (number, state, params, values), optionally only those in state S\n  (queued, running, completed, failed, abandoned, pruned; repeat or comma-separate).' },
  curve: { positionals: ['STUDY', 'TRIAL'], options: {}, help: 'bayesopt curve STUDY TRIAL [--json]\n  One trial\'s learning curve: the intermediate values it reported (step, value), with its state\n  and values. TRIAL is a trial number or id.' },
  best: { positionals: ['STUDY'], options: {}, help: 'bayesopt best STUDY [--json]\n  The best completed trial by the first objective (JSON null / a note when there is none).' },
  export: { positionals: ['STUDY'], options: { format: { type: 'string' } }, help: 'bayesopt export STUDY [--format csv|json]\n  Writes the study and its trials to stdout (default json; csv: one row per trial).' },
  delete: { positionals: ['STUDY'], options: {}, help: 'bayesopt delete STUDY [--json]\n  Deletes the study and its trials.' },
  import: { positionals: ['STUDY', 'FILE.csv'], options: { 'simplex-tolerance': { type: 'string' } }, help: 'bayesopt import STUDY FILE.csv [--simplex-tolerance T] [--json]\n  Adds completed trials from a CSV: a header with the study\'s parameters (a simplex as name.component\n  columns) and objectives, optional cost; the columns of `export --format csv` are accepted (only\n  rows in state completed are imported). Every row is checked before anything is sent.\n  --simplex-tolerance T: simplex weights summing to 1 within T (at most 0.1, e.g. 1e-2 for rounded\n  sweep logs) are renormalised; without it they must sum to 1 within 1e-6.' },
  recommend: { positionals: ['STUDY'], options: { export: { type: 'string' }, param: { type: 'string' } }, help: 'bayesopt recommend STUDY [--export FILE.yaml|FILE.json] [--param NAME] [--json]\n  The model\'s recommendation (posterior-mean optimum at the target fidelity) with its predicted value\n  and 95% interval. --export writes its mixture (simplex) weights as a flat component: weight map,\n  YAML or JSON by the file\'s extension; --param names the simplex when the space has several.' },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** The usage printed by `bayesopt --help` and after an unknown command. */
export const USAGE = `usage: bayesopt <command> [flags]

Commands:
  serve [server flags]        run the server (the flags of npm start; bayesopt serve --help)
  studies                     list studies
  show STUDY                  one study in detail
  trials STUDY                its trials
  curve STUDY TRIAL           one trial's learning curve (reported intermediate values)
  best STUDY                  its best trial
  export STUDY --format F     export as csv or json
  delete STUDY                delete it
  import STUDY FILE.csv       add completed trials from a CSV
  recommend STUDY             the model's recommendation; --export mixture.yaml writes its mixture

${GLOBAL_HELP}

Exit status: 0 ok, 1 error, 2 usage, 3 not found, 4 unauthenticated/denied, 5 server unreachable,
6 refused (invalid argument, conflict, failed precondition, bad import file, ambiguous name).
'bayesopt <command> --help' explains each command.`;

/** A parsed command line of one command. */
export interface Parsed {
  command: CommandName;
  args: string[];
  flags: Record<string, string | string[] | boolean | undefined>;
  url: string;
  token?: string;
  json: boolean;
  help: boolean;
}

/** The help text of one command. */
export function commandHelp(command: CommandName): string {
  return `usage: ${COMMANDS[command].help}\n\n${GLOBAL_HELP}`;
}

/** Parses a command's arguments (after the command name); throws CliError (exit 2) on a bad one. */
export function parseCommand(command: CommandName, argv: readonly string[], env: NodeJS.ProcessEnv): Parsed {
  const spec = COMMANDS[command];
  let values: Parsed['flags'];
  let positionals: string[];
  try {
    const options: NonNullable<ParseArgsConfig['options']> = { ...GLOBAL, ...spec.options };
    const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    // No option here is a multiple boolean, so arrays hold strings.
    values = parsed.values as Parsed['flags'];
    positionals = parsed.positionals;
  } catch (e) {
    throw new CliError(`${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ').trim()} (see bayesopt ${command} --help)`, EXIT.usage);
  }
  const help = values.help === true;
  if (!help && positionals.length !== spec.positionals.length) {
    const want = spec.positionals.length === 0 ? 'no arguments' : spec.positionals.join(' ');
    throw new CliError(`bayesopt ${command} takes ${want}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')} (see bayesopt ${command} --help)`, EXIT.usage);
  }
  if (!help) checkFlags(command, values);
  const token = (values.token as string | undefined) ?? env.BO_TOKEN;
  return {
    command,
    args: positionals,
    flags: values,
    url: (values.url as string | undefined) ?? env.BO_URL ?? 'http://127.0.0.1:7700',
    ...(token === undefined || token === '' ? {} : { token }),
    json: values.json === true,
    help,
  };
}

/** Trial states `--state` accepts. */
export const STATES = ['queued', 'running', 'completed', 'failed', 'abandoned', 'pruned'] as const;

/** Flag values checked before anything is sent (a typo is a usage error, not a server error). */
function checkFlags(command: CommandName, flags: Parsed['flags']): void {
  const fail = (message: string) => {
    throw new CliError(`${message} (see bayesopt ${command} --help)`, EXIT.usage);
  };
  if (flags.last !== undefined && !/^\d+$/.test(String(flags.last))) fail(`--last must be a non-negative integer, got '${String(flags.last)}'`);
  if (flags.format !== undefined && flags.format !== 'csv' && flags.format !== 'json') fail(`--format must be csv or json, got '${String(flags.format)}'`);
  if (flags.export !== undefined && !/\.(ya?ml|json)$/i.test(String(flags.export))) fail(`--export needs a .yaml, .yml or .json file, got '${String(flags.export)}'`);
  const tol = flags['simplex-tolerance'];
  if (tol !== undefined && !(Number(tol) >= 0 && Number(tol) <= 0.1)) fail(`--simplex-tolerance must be a number in [0, 0.1], got '${String(tol)}'`);
  const states = ((flags.state as string[] | undefined) ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '');
  const bad = states.filter((s) => !(STATES as readonly string[]).includes(s));
  if (bad.length > 0) fail(`unknown state(s) ${bad.join(', ')}; one of ${STATES.join(', ')}`);
}
