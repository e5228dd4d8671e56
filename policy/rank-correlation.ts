/**
 * Spearman's rank correlation, re-exported from core/ (session 13 moved it there so surrogates/auto/,
 * which may import only core/, scores decisions with the same tested function the exploration gate uses).
 */
export { averageRanks, spearman } from '../core/rank-correlation.js';
