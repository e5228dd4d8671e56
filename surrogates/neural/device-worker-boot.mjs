// Starts the GPU device thread (device-thread.ts). Node 20 does not apply an inherited `--import tsx`
// before a worker's entry loads, so the TypeScript loader is registered here when the entry is .ts.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
