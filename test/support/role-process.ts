/**
 * Role processes of the cluster tests (test/cluster, test/e2e/roles.test.ts): server/main.ts
 * children in a role, each ready once it logs `listening` (api) or `worker_ready` (worker),
 * restartable with the same arguments (same port, same worker id), and killed on every path:
 * stop(), this process's exit or SIGINT/SIGTERM, and a watchdog shell per child that SIGKILLs it
 * once this process is gone (covers a SIGKILLed runner).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onProcessEnd, spawnWatchdog, stopWatchdog } from './process-cleanup.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One role process that can be SIGKILLed and started again. */
export class RoleProcess {
  private child: ChildProcess | undefined;
  private dog: number | undefined;
  /** Log lines of every incarnation (JSON lines only). */
  readonly lines: Record<string, unknown>[] = [];
  kills = 0;
  /** Started and ready (logged its ready event), not killed since. */
  ready = false;
  private readonly unregister: () => void;

  constructor(
    readonly name: string,
    private readonly args: readonly string[],
    private readonly readyEvent: 'listening' | 'worker_ready',
  ) {
    this.unregister = onProcessEnd(() => this.child?.kill('SIGKILL'));
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once it is ready; rejects (after killing it) when it exits first or takes over `ms`. */
  start(ms = 90_000): Promise<void> {
    this.ready = false;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...this.args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.dog = spawnWatchdog(`kill -9 ${child.pid} 2>/dev/null`);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
    return new Promise((resolve, reject) => {
      let buf = '';
      let done = false;
      const finish = (e?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (e) {
          child.kill('SIGKILL');
          reject(e);
        } else {
          this.ready = true;
          resolve();
        }
      };
      const timer = setTimeout(() => finish(new Error(`${this.name} not ready within ${ms} ms; stderr: ${stderr}`)), ms);
      child.stdout!.on('data', (d) => {
        buf += String(d);
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const text = buf.slice(0, i);
          buf = buf.slice(i + 1);
          try {
            const line = JSON.parse(text) as Record<string, unknown>;
            this.lines.push(line);
            if (line.event === this.readyEvent) finish();
          } catch {
            // not a log line
          }
        }
      });
      child.once('exit', (code, signal) => finish(new Error(`${this.name} exited (${code ?? signal}) before it was ready; stderr: ${stderr}`)));
    });
  }

  /** SIGKILLs the process (no cleanup of its own runs) and resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.ready = false;
    if (!child || !this.alive) return;
    this.kills++;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    stopWatchdog(this.dog);
  }

  /** Kills the process for good and drops the exit hooks. */
  async stop(): Promise<void> {
    const k = this.kills;
    await this.kill();
    this.kills = k;
    this.unregister();
  }
}
