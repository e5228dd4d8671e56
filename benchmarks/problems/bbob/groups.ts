/**
 * The five function groups of the noiseless bbob suite (Hansen et al. 2009, RR-6829, section 0.2):
 * what a per-cell table is summarised by when asking which kind of function the default loses on.
 */

/** One bbob function group: its short label and its function ids. */
export interface BbobGroup {
  readonly label: string;
  readonly fids: readonly number[];
}

/** The groups in COCO's order (f1-f5, f6-f9, f10-f14, f15-f19, f20-f24). */
export const BBOB_GROUPS: readonly BbobGroup[] = [
  { label: 'separable', fids: [1, 2, 3, 4, 5] },
  { label: 'low/moderate conditioning', fids: [6, 7, 8, 9] },
  { label: 'high conditioning, unimodal', fids: [10, 11, 12, 13, 14] },
  { label: 'multimodal, adequate global structure', fids: [15, 16, 17, 18, 19] },
  { label: 'multimodal, weak global structure', fids: [20, 21, 22, 23, 24] },
];

/** The group of bbob function `fid` (1-24); throws on any other id. */
export function bbobGroupOf(fid: number): BbobGroup {
  const g = BBOB_GROUPS.find((x) => x.fids.includes(fid));
  if (!g) throw new RangeError(`bbobGroupOf: ${fid} is not a bbob function id (1-24)`);
  return g;
}
