// Starts a compute worker. Node 20 does not apply an inherited `--import tsx` before a worker's
// entry module loads (ERR_UNKNOWN_FILE_EXTENSION for .ts), so the TypeScript loader is registered
// here first, under `tsx server/main.ts` and `node --import tsx --test` alike; `npm start` runs
// the compiled tree (dist/, tools/build-server.mjs), whose entry is .js.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
} else {
  // Compiled code (npm start runs dist/): stack traces map back to the TypeScript, as in the
  // main thread's --enable-source-maps (a worker started with execArgv [] does not inherit it).
  process.setSourceMapsEnabled(true);
}
await import(workerData.entry);
