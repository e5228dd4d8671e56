/**
 * The learning-curve pruner's settings for the table's 40-epoch runs of a validation loss, shared
 * by the simulated runs (run.ts) and the runs through the service (server-run.ts), so both measure
 * one configuration. maxSteps is the table's epoch count, added by each caller. Settings were
 * compared on seeds 100-109 (benchmarks/RESULTS.md, session 7), not on the reported seeds 1-10;
 * startupTrials 3 (run.ts --lc) is the bo-lc-s3 variant there.
 */
export const LC_PRUNER = { type: 'learning-curve', threshold: 0.05, minSteps: 3, scale: 'log', maxCurves: 48, startupTrials: 0 } as const;
