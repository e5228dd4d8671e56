/**
 * The `--role` flag and the flags that only make sense with one role, checked together at start
 * (a combination the process cannot honour is a FlagError naming the flag, never ignored):
 * - `all` (default): today's single process: HTTP + socket.io + local compute threads.
 * - `api`: serves clients; model-phase jobs go to the Redis job queue (needs --redis) and are run
 *   by `worker` processes, which read the studies from the same storage (needs postgres://).
 * - `worker`: takes jobs from the queue; no client API (a health-only listener with --port).
 */
import { parseComputeClasses, type ComputeClass } from './cluster/routing.js';

export const ROLES = ['all', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** A flag combination that cannot run (cli-args.ts turns it into a FlagError). */
export class RoleFlagError extends Error {}

/** The role-related inputs: raw flag/env values, undefined when absent. */
export interface RoleFlagInput {
  readonly role?: string;
  readonly redisUrl?: string;
  readonly storageUrl: string;
  /** Flags given (flag or env) that the chosen role may not accept, by flag name. */
  readonly given: ReadonlySet<string>;
  readonly computeClasses?: string;
  readonly gpu: boolean;
  readonly workerId?: string;
}

/** What the role adds to the server options. */
export interface RoleSettings {
  readonly role: Role;
  /** Worker role: the classes it takes (default every class). */
  readonly computeClasses?: readonly ComputeClass[];
  readonly gpu?: boolean;
  readonly workerId?: string;
}

/** Flags that configure clients' access: meaningless on a worker, which serves no client. */
const CLIENT_FLAGS = ['--token', '--allow-origin', '--lease-seconds'];
/** Flags of the local compute threads: an api replica has none (fits run on workers). */
const LOCAL_COMPUTE_FLAGS = ['--compute-workers', '--compute-worker-memory-mb'];
/** Flags that describe a remote worker. */
const WORKER_FLAGS = ['--compute-classes', '--gpu', '--worker-id'];

/** Validates the role and its flags; throws RoleFlagError naming the offending flag. */
export function resolveRole(i: RoleFlagInput): RoleSettings {
  const role = (i.role ?? 'all') as Role;
  if (!(ROLES as readonly string[]).includes(role)) throw new RoleFlagError(`invalid --role '${i.role}': expected ${ROLES.join(', ')}`);
  const refuse = (flags: readonly string[], why: string) => {
    const bad = flags.find((f) => i.given.has(f));
    if (bad) throw new RoleFlagError(`${bad} does not apply to --role ${role}: ${why}`);
  };
  if (role === 'all') {
    refuse(WORKER_FLAGS, 'it describes a --role worker process');
    return { role };
  }
  if (i.redisUrl === undefined) throw new RoleFlagError(`--role ${role} needs --redis redis://host:6379 (BO_REDIS): the compute job queue is on Redis`);
  if (!/^postgres(ql)?:\/\//i.test(i.storageUrl.trim())) {
    throw new RoleFlagError(`--role ${role} needs a shared --storage postgres://... (BO_STORAGE): workers read the studies the api replicas write, got '${i.storageUrl.replace(/\/\/[^@/]*@/, '//***@')}'`);
  }
  if (role === 'api') {
    refuse(LOCAL_COMPUTE_FLAGS, 'model fits run on --role worker processes');
    refuse(WORKER_FLAGS, 'it describes a --role worker process');
    return { role };
  }
  refuse(CLIENT_FLAGS, 'a worker serves no clients');
  let computeClasses: ComputeClass[] | undefined;
  if (i.computeClasses !== undefined) {
    try {
      computeClasses = parseComputeClasses(i.computeClasses);
    } catch (e) {
      throw new RoleFlagError(`invalid --compute-classes '${i.computeClasses}': ${(e as Error).message}`);
    }
  }
  if (i.workerId !== undefined && !/^[\w.:@-]{1,200}$/.test(i.workerId)) throw new RoleFlagError(`invalid --worker-id '${i.workerId}': 1-200 letters, digits and . : @ _ -`);
  return { role, ...(computeClasses ? { computeClasses } : {}), gpu: i.gpu, ...(i.workerId !== undefined ? { workerId: i.workerId } : {}) };
}
