/**
 * The learning-curve pruner's settings for the table's 40-epoch runs of a validation loss, shared
 * by the simulated runs (run.ts) and the runs through the service (server-run.ts), so both measure
 * one configuration. maxSteps is the table's epoch count, added by each caller. startupTrials 3
 * with BO ignoring pruned trials (run.ts bo-lc-ignore; the service's partialRuns 'exclude') was
 * the best variant on seeds 100-109 (benchmarks/RESULTS.md, session 7); startupTrials 0 is the
 * pruner's default (run.ts --lc '{"startupTrials":0}').
 */
export const LC_PRUNER = { type: 'learning-curve', threshold: 0.05, minSteps: 3, scale: 'log', maxCurves: 48, startupTrials: 3 } as const;
