import type { AlgorithmSpec } from '../protocol/algorithm.js';
import type { StoredStudy } from './storage/types.js';

/**
 * The algorithm a stored study runs: its spec, with every default that changed since the study was
 * created pinned to what its stored effective algorithm says it resolved to. Without this a study
 * created under an older default would silently switch (e.g. the GP's trust region became
 * 'on-stall' in issue 20, `auto`'s in issue 21, the GP's region replays posterior means since
 * session 9) while its effective algorithm still shows the old
 * resolution. Today the trust region is the only such default; a study stored without an effective
 * algorithm has nothing to pin and resolves with today's defaults, as its view shows.
 */
export function algorithmToRun(study: Pick<StoredStudy, 'algorithm' | 'effectiveAlgorithm'>): AlgorithmSpec {
  const { algorithm, effectiveAlgorithm: effective } = study;
  if (algorithm.trustRegion !== undefined || effective?.policy !== 'bo') return algorithm;
  // A BO study stored before effective.trustRegion existed ran without a trust region, and one
  // stored before effective.trustRegionIncumbent existed replayed its region on observed values.
  if (effective.trustRegion !== 'on-stall') return { ...algorithm, trustRegion: { mode: 'off' } };
  return { ...algorithm, trustRegion: { mode: 'on-stall', incumbent: effective.trustRegionIncumbent ?? 'observed' } };
}
