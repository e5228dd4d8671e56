/**
 * `bayesopt`: the command line (bin/bayesopt.mjs runs it). `serve` runs the server with the flags
 * of `npm start`; the other commands talk to a server through the SDK (no private API) and print
 * tables, or JSON with --json. Exit statuses: cli/exit-codes.ts (and README "Command line").
 */
import { connect, SdkError, type Client } from '../sdk/index.js';
import { COMMANDS, USAGE, commandHelp, parseCommand, type CommandName, type Parsed } from './args.js';
import * as run from './commands.js';
import { curve } from './curve.js';
import { CliError, EXIT, exitFor } from './exit-codes.js';
import { recommendCommand } from './recommend.js';

const HANDLERS: Record<CommandName, (client: Client, p: Parsed) => Promise<run.Output>> = {
  studies: (c) => run.studies(c),
  show: run.show,
  trials: run.trials,
  curve,
  best: run.best,
  export: run.exportStudy,
  delete: run.deleteStudy,
  import: run.importCsv,
  recommend: recommendCommand,
};

/** Runs one command line; resolves with the exit status (never throws). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'serve') {
    // Loaded only here: the server (models, storage drivers) would slow every other command.
    // The server keeps the process alive; its own exit statuses (1 start-up, 2 flags) apply.
    const { runServerCli } = await import('../server/run-cli.js');
    await runServerCli(rest, 'bayesopt serve');
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    process.stderr.write(`bayesopt: unknown command '${command}'\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  let client: Client | undefined;
  try {
    const p = parseCommand(command as CommandName, rest, env);
    if (p.help) {
      process.stdout.write(commandHelp(p.command) + '\n');
      return EXIT.ok;
    }
    // Few retries and a short wait: a person at a terminal wants "cannot reach" soon.
    client = await connect(p.url, { ...(p.token === undefined ? {} : { token: p.token }), timeoutMs: 5_000, retries: 2 });
    const out = await HANDLERS[p.command](client, p);
    process.stdout.write(p.json && !out.raw ? JSON.stringify(out.data, null, 2) + '\n' : out.text);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`bayesopt: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof SdkError) {
      const issues = err.issues.map((i) => `\n  ${i.path.join('.') || '(request)'}: ${i.message}`).join('');
      process.stderr.write(`bayesopt: ${err.code}: ${err.message}${issues}\n`);
      return exitFor(err.code);
    }
    process.stderr.write(`bayesopt: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.error;
  } finally {
    client?.close();
  }
}

const status = await main(process.argv.slice(2), process.env);
// serve keeps running; the other commands exit once stdout is flushed (a closed SDK client could
// still hold a timer for a moment, and a script should not wait on it).
if (process.argv[2] !== 'serve') process.stdout.write('', () => process.exit(status));
