// Starts a compute worker. Node 20 does not apply an inherited `--import tsx` before a worker's
// entry module loads (ERR_UNKNOWN_FILE_EXTENSION for .ts), so the TypeScript loader is registered
// here first, under `tsx server/main.ts` and `node --import tsx --test` alike.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
