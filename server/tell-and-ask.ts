/**
 * trial:tell with `next`: the tell, then an ask, in one round trip. Both keep their own idempotency
 * (the tell's requestId, `next.requestId` for the ask), so a retried pair stores the tell once and
 * answers the same trials. The tell's commit is not flushed on its own: the ask's flush (or, when
 * the ask fails, one flush before answering) syncs it too, since one fsync covers every earlier
 * commit; nothing is acknowledged before it is durable.
 */
import type { RequestOf, Responses } from '../protocol/messages.js';
import { answerAsk } from './ask-request.js';
import { toWireError } from './errors.js';
import type { RequestContext, StudyCore } from './study-core.js';
import { tellTrial } from './trial-finish.js';

/** Tells, then asks `next.count` trials; an ask that fails answers its error in `next` (the tell is stored). */
export async function tellAndAsk(core: StudyCore, req: RequestOf<'trial:tell'> & { next: NonNullable<RequestOf<'trial:tell'>['next']> }, ctx: RequestContext): Promise<Responses['trial:tell']> {
  const { next, ...tell } = req;
  // Without `next` the tell's fingerprint is a plain tell's: a pair retried as a plain tell still replays.
  const told = await tellTrial(core, tell, false);
  try {
    const asked = await answerAsk(core, { studyId: req.studyId, count: next.count, requestId: next.requestId, ...(next.clientId !== undefined ? { clientId: next.clientId } : {}) }, ctx);
    return { ...told, next: asked };
  } catch (e) {
    await core.storage.flush();
    return { ...told, next: { error: toWireError(e, core.logger) } };
  }
}
