/**
 * Checks, before the server starts, that an explicitly requested tensor backend
 * (BO_TENSOR_BACKEND, or its old name BO_TF_BACKEND) loads here: a request that cannot be honoured
 * stops the start with the reason, instead of surfacing as refused creates later. Without a request
 * nothing is loaded (TensorFlow.js costs seconds; the first neural study selects automatically).
 */
import { onTensorBackendSelected } from '../surrogates/neural/backend-events.js';
import type { Logger } from './logger.js';

/** Logs every tensor backend selection in this process (automatic ones at the first neural study), with its reason. */
export function logTensorBackendSelections(logger: Pick<Logger, 'info'>): () => void {
  return onTensorBackendSelected((s) => logger.info('tensor_backend_selected', { backend: s.name, device: s.device, reason: s.reason, ms: s.ms }));
}

/** Loads the requested backend (its selection is logged by logTensorBackendSelections); throws with the reason when it cannot load. */
export async function preflightTensorBackend(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!env.BO_TENSOR_BACKEND && !env.BO_TF_BACKEND) return;
  const { ensureTensorBackend, requestedTensorBackend } = await import('../surrogates/neural/backend.js');
  await ensureTensorBackend(requestedTensorBackend(env));
}
