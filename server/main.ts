/**
 * CLI: `npm start` / `tsx server/main.ts [--port 7700] [--host 127.0.0.1] [--storage sqlite:./data/bo.sqlite]
 * [--token T] [--allow-origin http://localhost:5173,...] [--log-level info] [--lease-seconds 3600] [--compute-workers N]
 * [--compute-worker-memory-mb MB] [--redis URL]`; env BO_PORT, BO_HOST, BO_STORAGE, BO_TOKEN, BO_ALLOW_ORIGIN, BO_LOG_LEVEL,
 * BO_LEASE_SECONDS, BO_COMPUTE_WORKERS, BO_COMPUTE_WORKER_MEMORY_MB, BO_REDIS; scale-out: [--role all|api|worker] and the worker's
 * [--compute-classes cpu,tensor] [--gpu] [--worker-id ID] (BO_ROLE, BO_COMPUTE_CLASSES, BO_GPU, BO_WORKER_ID; server/role-flags.ts).
 * The same command line is `bayesopt serve` (server/run-cli.ts holds it, with the exit statuses).
 */
import { runServerCli } from './run-cli.js';

void runServerCli(process.argv.slice(2));
