import { closest } from '../config/closest.js';
import type { ConfigIssue } from '../errors.js';
import type { LocalRunOptions } from './types.js';

/** Every option of a local run; a `Record` so that the compiler fails when `LocalRunOptions` gains one. */
const OPTIONS: Record<keyof LocalRunOptions, true> = {
  modelId: true,
  buildId: true,
  sourceFolder: true,
  destinationFolder: true,
  inputFileType: true,
  outputFileType: true,
  jobTimeout: true,
  taskTimeout: true,
  executors: true,
  instance: true,
  iamRoleArn: true,
  parameters: true,
  model: true,
  endpoint: true,
  storage: true,
  formats: true,
  maxFailedFiles: true,
  resume: true,
  dryRun: true,
  threads: true,
  workerResourceLimits: true,
  modelOutput: true,
  signal: true,
  onProgress: true,
};

/** The names of every local-run option. */
export const LOCAL_RUN_OPTION_NAMES = Object.keys(OPTIONS) as readonly (keyof LocalRunOptions)[];

/**
 * An issue for each key of `options` that is not a local-run option (a typo such as `modle`, which would
 * otherwise be ignored and run without a model), with the nearest known name.
 */
export function unknownOptionIssues(options: object): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(OPTIONS, key)) continue;
    const guess = closest(key, LOCAL_RUN_OPTION_NAMES);
    issues.push({
      path: key,
      message: `is not a local run option${guess ? `: did you mean "${guess}"?` : ''}`,
    });
  }
  return issues;
}
