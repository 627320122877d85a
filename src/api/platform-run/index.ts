// Runs on the platform from local data (files or an Arrow table); BatchInferenceClient delegates here.
export { platformFileRun } from './platform-file-run.js';
export { runTable } from './run-table.js';
export type {
  PlatformFileRunOptions,
  PlatformFileRunResult,
  PlatformRunCommonOptions,
  PlatformRunManager,
  RunTableOptions,
} from './types.js';
