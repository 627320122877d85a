import type { ConfigIssue } from '../errors.js';

/**
 * V8 heap limits of each worker thread of a local run (Node's `ResourceLimits` of `new Worker()`), in MB.
 * A worker past `maxOldGenerationSizeMb` is stopped and its task fails with a `TaskError` ("out of memory"),
 * instead of the whole process running out of memory.
 */
export interface WorkerResourceLimits {
  /**
   * Most memory of the main heap (objects that live long). Default: V8's own, which depends on the machine's
   * memory (about 2-4 GB).
   */
  readonly maxOldGenerationSizeMb?: number;
  /**
   * Most memory of the young heap, where new objects start. Default 4 (V8's own is about 16-48): a young heap
   * this small is collected more often, so the small objects that hold the big Arrow and file buffers die,
   * and free those buffers, sooner. Measured on the runner benchmark: peak RSS 20-35 MB lower, time within
   * noise; with a model that returns row objects, 250 MB lower (docs/performance.md).
   */
  readonly maxYoungGenerationSizeMb?: number;
  /** Size of the pre-allocated memory range for generated code. Default: V8's own. */
  readonly codeRangeSizeMb?: number;
  /** Most stack size of the thread. Default 4. */
  readonly stackSizeMb?: number;
}

/** The young-heap limit of workers when the options do not set one (see {@link WorkerResourceLimits}). */
export const DEFAULT_WORKER_YOUNG_GENERATION_MB = 4;

const NAMES = [
  'maxOldGenerationSizeMb',
  'maxYoungGenerationSizeMb',
  'codeRangeSizeMb',
  'stackSizeMb',
] as const;

/** The limits workers start with: the given ones over the defaults; problems go to `issues`. */
export function workerLimits(
  given: WorkerResourceLimits | undefined,
  issues: ConfigIssue[],
): WorkerResourceLimits {
  const limits: Record<string, number> = { maxYoungGenerationSizeMb: DEFAULT_WORKER_YOUNG_GENERATION_MB };
  if (given === undefined) return limits;
  if (typeof given !== 'object' || given === null) {
    issues.push({ path: 'workerResourceLimits', message: 'must be an object of limits in MB' });
    return limits;
  }
  for (const [name, value] of Object.entries(given)) {
    if (!(NAMES as readonly string[]).includes(name)) {
      issues.push({
        path: `workerResourceLimits.${name}`,
        message: `is not a worker limit; known: ${NAMES.join(', ')}`,
      });
    } else if (value === undefined) {
      // Not set: the default stays.
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      issues.push({
        path: `workerResourceLimits.${name}`,
        message: `must be a number of MB > 0; got ${String(value)}`,
      });
    } else limits[name] = value;
  }
  return limits;
}
