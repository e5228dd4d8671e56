/**
 * The wire's runtime constants, kept free of zod so the browser SDK (sdk/) can import them
 * without bundling the server-side schemas; protocol/messages.ts re-exports them.
 */

/**
 * Server -> client events, sent to the room `study:<id>`. `trial:reported` carries
 * `{studyId, trialId, number, step, value, prune, reason?}` for each new intermediate value (not
 * for an idempotent repeat), so a dashboard can draw curves live. `fit:progress` carries
 * `{studyId, stage, fraction, position?}`: stage 'queued' (with the 1-based queue position) while
 * the ask waits for a compute worker, then the policy's stages ('fit', 'acquire', 'done').
 */
export const ServerEvents = ['trial:asked', 'trial:completed', 'trial:reported', 'study:updated', 'fit:progress'] as const;
export type ServerEvent = (typeof ServerEvents)[number];

/** Largest accepted message, bytes (socket.io maxHttpBufferSize and express json limit). */
export const MAX_PAYLOAD_BYTES = 1_000_000;
