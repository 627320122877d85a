import { PredictorError } from '../errors.js';
import { type CompiledWasmModule, compileParquetWasm } from '../formats/parquet/load-parquet-wasm.js';
import { needsParquetWasm } from '../formats/parquet/needs-parquet-wasm.js';
import {
  type LoadedPredictor,
  loadPredictor,
  messageOf,
  predictorModuleUrl,
} from '../predictors/load-predictor.js';
import type { InitializeContext } from '../predictors/types.js';
import type { NormalizedRun } from './normalize-options.js';
import { realtimePredictor } from './realtime-predictor.js';
import { type TaskEngine, workerEngine } from './task-engine.js';
import { WorkerPool } from './worker-pool.js';
import type { WorkerPoolCache } from './worker-pool-cache.js';
import { poolKey } from './worker-pool-key.js';
import type { WorkerSetup } from './worker-protocol.js';

/** A ready engine and what to release after the run. */
export interface PreparedEngine {
  readonly engine: TaskEngine;
  close(): Promise<void>;
}

/**
 * Picks where each part of a task runs:
 * - a module predictor (a path) with threads: everything in worker threads, the model loaded in each;
 * - a function or object predictor (or the real-time endpoint) with threads: codecs in workers, the model on
 *   the calling thread, as the caller gave it;
 * - `threads: false`: everything on the calling thread.
 * `workers` is how many worker threads at most (never more than tasks to run). With `pools` (a client's
 * `workerIdleTimeout`), the workers come from, and go back to, the pools kept between runs.
 */
export async function prepareEngine(
  run: NormalizedRun,
  workers: number,
  signal: AbortSignal,
  pools?: WorkerPoolCache,
): Promise<PreparedEngine> {
  const context: InitializeContext = {
    modelId: run.modelId,
    buildId: run.buildId,
    parameters: run.parameters,
    signal,
  };
  const threads = run.threads !== false;
  const parquetWasmModule = threads ? await sharedParquetWasm(run) : undefined;
  const setup = (predictorUrl: string | undefined): WorkerSetup => ({
    predictorUrl,
    modelId: run.modelId,
    buildId: run.buildId,
    parameters: run.parameters,
    codecOptions: run.formats ?? {},
    parquetWasmModule,
    resourceLimits: run.workerResourceLimits,
    modelOutput: run.modelOutput,
  });
  if (threads && typeof run.model === 'string') {
    const { pool, release } = await startedWorkerPool(
      workers,
      setup(predictorModuleUrl(run.model)),
      pools,
      signal,
    );
    return { engine: workerEngine(pool), close: release };
  }
  const predictor = await resolvePredictor(run);
  try {
    await predictor.initialize(context);
  } catch (error) {
    throw new PredictorError(`The predictor's initialize() failed: ${messageOf(error)}`, { cause: error });
  }
  // Only now: a module predictor's run never loads apache-arrow on this thread.
  const { inlineEngine, splitEngine } = await import('./caller-engines.js');
  if (!threads) {
    // Load the codecs' libraries now rather than inside the first task's timeout.
    const { getCodec } = await import('../formats/registry.js');
    getCodec(run.inputFileType, run.formats);
    getCodec(run.outputFileType, run.formats);
    return { engine: inlineEngine(predictor, context, run.formats ?? {}), close: () => predictor.close() };
  }
  const { pool, release } = await startedWorkerPool(workers, setup(undefined), pools, signal).catch(
    async (error: unknown) => {
      // The workers did not start (the job timeout passed, the run was aborted): the model ends here.
      await predictor.close().catch(() => {});
      throw error;
    },
  );
  return {
    engine: splitEngine(pool, predictor, context, run.formats ?? {}),
    close: async () => {
      await Promise.allSettled([release(), predictor.close()]);
    },
  };
}

/** A pool for `setup`: kept from an earlier run when `pools` has one, else new; `release` ends or keeps it. */
async function workerPool(
  size: number,
  setup: WorkerSetup,
  pools: WorkerPoolCache | undefined,
): Promise<{ pool: WorkerPool; release: () => Promise<void> }> {
  if (!pools) {
    const pool = new WorkerPool(size, setup);
    return { pool, release: () => pool.close() };
  }
  const key = await poolKey(size, setup);
  const pool = await pools.take(key, () => new WorkerPool(size, setup));
  return { pool, release: () => pools.give(key, pool) };
}

/**
 * `workerPool` with every worker started and its model initialized, under the run's signal (its job timeout)
 * rather than the first tasks' timeouts. A start that fails rejects the run with its `PredictorError`, as a
 * predictor's `initialize()` on the calling thread does; the pool is then closed.
 */
async function startedWorkerPool(
  size: number,
  setup: WorkerSetup,
  pools: WorkerPoolCache | undefined,
  signal: AbortSignal,
): Promise<{ pool: WorkerPool; release: () => Promise<void> }> {
  const started = await workerPool(size, setup, pools);
  try {
    await started.pool.start(signal);
  } catch (error) {
    await started.release();
    throw error;
  }
  return started;
}

/**
 * parquet-wasm compiled here once (about 20 ms, before the workers start) for the workers, when the run's
 * options send its Parquet work there. Otherwise the TypeScript reader and writer do it, and a worker that
 * meets a file they leave to parquet-wasm compiles it itself. When it cannot be compiled (the package is
 * missing) the workers load it themselves, and the codec's own error names the missing package in each task.
 */
async function sharedParquetWasm(run: NormalizedRun): Promise<CompiledWasmModule | undefined> {
  const use = { reads: run.inputFileType === 'parquet', writes: run.outputFileType === 'parquet' };
  if (!needsParquetWasm(run.formats?.parquet, use)) return undefined;
  return compileParquetWasm().catch(() => undefined);
}

async function resolvePredictor(run: NormalizedRun): Promise<LoadedPredictor> {
  if (run.model !== undefined) return loadPredictor(run.model);
  // Without a model, the seed's call with only a model id means: the model as deployed on the platform.
  return loadPredictor(await realtimePredictor(run));
}
