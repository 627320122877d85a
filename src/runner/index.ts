// Entry of `qwak-batch/runner`: the in-process batch engine.

export type {
  PlatformFileRunOptions,
  PlatformFileRunResult,
  PlatformRunCommonOptions,
  RunTableOptions,
} from '../api/platform-run/types.js';
export { isArrowTable } from '../predictors/is-table.js';
export { type LoadedPredictor, loadPredictor } from '../predictors/load-predictor.js';
export {
  createRealtimePredictor,
  type RealtimePredictorOptions,
} from '../predictors/realtime-endpoint.js';
export { rowsToTable } from '../predictors/rows-to-table.js';
export type {
  InitializeContext,
  PredictContext,
  PredictFunction,
  PredictOutput,
  Predictor,
  PredictorObject,
} from '../predictors/types.js';
export {
  BatchInferenceClient,
  type BatchInferenceClientOptions,
  runResultOf,
} from './batch-inference-client.js';
export type {
  ExecutionConfigLike,
  FileCounts,
  LedgerRow,
  LeftOutEntry,
  LocalRunExtras,
  LocalRunOptions,
  ProgressEvent,
  ProgressSnapshot,
  RunResult,
  RunStatus,
  TaskStatus,
} from './types.js';
export type { WorkerResourceLimits } from './worker-limits.js';
