/**
 * The learning-curve pruner's settings for the table's 40-epoch runs of a validation loss, shared
 * by the simulated runs (run.ts) and the runs through the service (server-run.ts), so both measure
 * one configuration. maxSteps is the table's epoch count, added by each caller. startupTrials 3
 * with BO ignoring pruned trials (run.ts bo-lc-ignore; the service's partialRuns 'exclude') was
 * the best variant on seeds 100-109 (benchmarks/RESULTS.md, session 7); startupTrials 0 is the
 * pruner's default (run.ts --lc '{"startupTrials":0}'). The startup screen's first rung at epoch 1
 * with the first two runs stopped there (startupMinSteps 1, startupRungTrials 3) was chosen on seeds
 * 100-119 in session 9 (benchmarks/results/lc-s9-rule.md); without them (run.ts --lc
 * '{"startupMinSteps":3,"startupRungTrials":1}') is session 8's configuration.
 */
export const LC_PRUNER = { type: 'learning-curve', threshold: 0.05, minSteps: 3, scale: 'log', maxCurves: 48, startupTrials: 3, startupMinSteps: 1, startupRungTrials: 3 } as const;
