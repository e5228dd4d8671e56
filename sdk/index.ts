/** The SDK: a browser-safe client of the optimization service (socket.io; protocol/ types only). */
export { connect, Client, poolColumns } from './client.js';
export { StudyHandle } from './study.js';
export { SdkError, isRetryable } from './errors.js';
export { TrialPruned } from './trial-pruned.js';
export type { Objective, TrialContext } from './optimize.js';
export { newRequestId } from './transport.js';
export { warningsOf, type SdkWarning, type WarningListener } from './warnings.js';
export type { ConnectOptions, OptimizeOptions, ParamSpecLike, PoolInput, PoolRowLike, SpaceLike, StudySpec, TrialParams, TypedTrial, Values, WhenLike } from './types.js';
export type { Ack, Health, StudyExport, ServerEvent } from '../protocol/messages.js';
export type { Recommendation, Study, Trial, TrialState, Direction } from '../protocol/study.js';
export type { ParamSlice, ParamImportance, StudySlices } from '../protocol/slices.js';
export type { EffectiveAlgorithm } from '../protocol/algorithm.js';
export type { IntermediateValue, PruneDecision, PrunerInput } from '../protocol/pruner.js';
export type { Params, ParamsOf, ParamValue } from '../protocol/space.js';
export type { ErrorCode, FieldIssue, WireError } from '../protocol/errors.js';
export { mixtureFile, recommendedMixture, type MixtureFileOptions } from './mixture-file.js';
export { autoChoice, autoChoiceLine, type AutoChoice, type AutoScore } from './auto-choice.js';
export { proxyLawLine, proxyLawState, type ProxyLawState } from './proxy-law.js';
