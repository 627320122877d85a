import { randomUUID } from 'node:crypto';
import { AbortError, JobError, JobTimeoutError } from '../errors.js';
import { FILE_EXTENSIONS } from '../formats/file-types.js';
import { anySignal, timeoutController } from '../internal/abort.js';
import { openStorage } from '../storage/index.js';
import type { StorageAdapter } from '../storage/types.js';
import { checkFormats } from './check-formats.js';
import { dryRunLedger } from './dry-run.js';
import { type NormalizedRun, normalizeOptions } from './normalize-options.js';
import { planTasks } from './plan.js';
import { prepareEngine } from './prepare-engine.js';
import { ProgressTracker } from './progress.js';
import { buildResult, finalStatus } from './result.js';
import { runPool } from './run-pool.js';
import { type PlannedTask, runTask } from './run-task.js';
import type { LedgerRow, LeftOutEntry, LocalRunOptions, ProgressEvent, RunResult } from './types.js';
import type { WorkerPoolCache } from './worker-pool-cache.js';

/**
 * Runs a model over every input file of a folder, in this process: the engine of
 * `BatchInferenceClient.localFileRun`. Resolves with the result when the run finishes; rejects with a
 * `JobError` carrying the result (`error.result`) when more files failed than `maxFailedFiles` allows,
 * with a `JobTimeoutError` when the job timeout passes, and with an `AbortError` when `signal` fires.
 * `pools` holds worker threads kept between the runs of one client (its `workerIdleTimeout`).
 */
export async function localRun(options: LocalRunOptions, pools?: WorkerPoolCache): Promise<RunResult> {
  const run = normalizeOptions(options);
  const executionId = `local-${randomUUID()}`;
  const startedAt = new Date();
  const emit = (event: ProgressEvent) => {
    try {
      run.onProgress?.(event);
    } catch {
      // A progress listener's bug must not fail the run it observes.
    }
  };
  const jobTimeout =
    run.jobTimeout > 0
      ? timeoutController(run.jobTimeout * 1000, () => new JobTimeoutError(run.jobTimeout))
      : undefined;
  // Fires when the run must stop: the caller aborts, the job timeout passes, or too many files failed.
  const stop = new AbortController();
  const signal = anySignal(run.signal, jobTimeout?.signal, stop.signal);
  const adapters: StorageAdapter[] = [];
  let ledger: LedgerRow[] = [];
  let leftOut: readonly LeftOutEntry[] = [];
  // `run-finished` follows `run-started`, and only it: listeners can pair them.
  let started = false;
  let failure: { error: unknown } | undefined;
  try {
    const storage = run.storage;
    const source = await openStorage(run.sourceFolder, { ...storage, signal });
    adapters.push(source);
    const destination = await openStorage(run.destinationFolder, { ...storage, signal });
    adapters.push(destination);
    // Invalid format options (of any format given, used or not) fail the run before any file is read.
    await checkFormats(run);
    const plan = await planTasks(
      source,
      destination,
      FILE_EXTENSIONS[run.inputFileType],
      FILE_EXTENSIONS[run.outputFileType][0]!,
      signal,
    );
    const tasks = plan.tasks;
    leftOut = plan.leftOut;
    // Every file cancelled until it runs: a run stopped before its first task (a job timeout while the
    // worker threads start) still lists the files it had found.
    ledger = cancelledLedger(tasks);
    started = true;
    emit({
      type: 'run-started',
      executionId,
      total: tasks.length,
      bytes: tasks.reduce((n, t) => n + t.size, 0),
      leftOut,
    });
    if (run.dryRun) {
      const { getCodec } = await import('../formats/registry.js');
      const inputCodec = getCodec(run.inputFileType, run.formats);
      const resumeFrom = run.resume ? destination : undefined;
      ledger = await dryRunLedger(tasks, source, inputCodec, run.executors, signal, resumeFrom);
    } else {
      await execute(run, tasks, ledger, source, destination, signal, stop, emit, pools);
    }
  } catch (error) {
    if (!signal.aborted) failure = { error };
  } finally {
    jobTimeout?.clear();
    await Promise.allSettled(adapters.map((a) => a.close?.()));
  }
  const status = failure ? 'failed' : finalStatus(run, ledger, jobTimeout?.signal.aborted === true);
  const result = buildResult(run, { executionId, status, ledger, leftOut, startedAt });
  if (started) emit({ type: 'run-finished', result });
  if (failure) throw failure.error;
  if (status === 'finished') return result;
  if (status === 'cancelled')
    throw new AbortError('The local run was aborted', { cause: run.signal?.reason });
  if (status === 'timeout') throw new JobTimeoutError(run.jobTimeout, { result });
  const failed = ledger.filter((row) => row.status === 'failed');
  const first = failed[0]?.error;
  // Within maxFailedFiles, a run fails only when no file succeeded: say so, since the count alone looks tolerated.
  const every = failed.length > 0 && failed.length === ledger.length && failed.length <= run.maxFailedFiles;
  throw new JobError(
    `Execution ${executionId} failed: ${every ? `every file failed (${failed.length} of ${ledger.length}), none succeeded` : `${failed.length} of ${ledger.length} files failed`}` +
      (first ? `; first: ${first.message}` : ''),
    { cause: first, result, code: 'JOB_FAILED' },
  );
}

/** A ledger row per task, each `cancelled` until its task runs or is skipped. */
function cancelledLedger(tasks: readonly PlannedTask[]): LedgerRow[] {
  return tasks.map((task) => ({
    source: task.source,
    destination: task.destination,
    status: 'cancelled',
    rowsIn: undefined,
    rowsOut: undefined,
    bytesIn: task.size,
    bytesOut: undefined,
    durationMs: 0,
    error: undefined,
  }));
}

/** Runs `tasks`, writing each one's row into `ledger` (same order) as it ends. */
async function execute(
  run: NormalizedRun,
  tasks: readonly PlannedTask[],
  ledger: LedgerRow[],
  source: StorageAdapter,
  destination: StorageAdapter,
  signal: AbortSignal,
  stop: AbortController,
  emit: (event: ProgressEvent) => void,
  pools: WorkerPoolCache | undefined,
): Promise<void> {
  const todo: number[] = [];
  const skipped: number[] = [];
  for (let i = 0; i < tasks.length; i++) {
    // Outputs are written atomically (temp + rename), so an output that exists is a complete one.
    const existing = run.resume ? await destination.stat(tasks[i]!.outputKey, { signal }) : undefined;
    if (existing) {
      ledger[i] = { ...ledger[i]!, status: 'skipped', bytesOut: existing.size };
      skipped.push(i);
    } else todo.push(i);
  }
  const progress = new ProgressTracker(
    tasks.length,
    todo.reduce((n, i) => n + tasks[i]!.size, 0),
  );
  for (const i of skipped) {
    progress.record(ledger[i]!);
    emit({ type: 'task-skipped', row: ledger[i]!, progress: progress.snapshot() });
  }
  if (todo.length === 0) return;
  const prepared = await prepareEngine(run, Math.min(run.executors, todo.length), signal, pools);
  let failures = 0;
  try {
    const env = {
      source,
      destination,
      engine: prepared.engine,
      inputType: run.inputFileType,
      outputType: run.outputFileType,
      taskTimeout: run.taskTimeout,
    };
    await runPool(todo, run.executors, signal, async (i, _index, freeSlot) => {
      const task = tasks[i]!;
      emit({ type: 'task-started', source: task.source, progress: progress.snapshot() });
      const row = await runTask(task, env, signal, freeSlot);
      ledger[i] = row;
      if (row.status === 'cancelled') return;
      progress.record(row);
      if (row.status === 'failed') {
        failures++;
        emit({ type: 'task-failed', row, error: row.error!, progress: progress.snapshot() });
        // As on the platform: a failed file fails the execution, so stop new tasks and abort running ones.
        if (failures > run.maxFailedFiles) {
          stop.abort(new JobError(`Stopped after ${failures} failed file(s)`, { cause: row.error }));
        }
      } else {
        emit({ type: 'task-finished', row, progress: progress.snapshot() });
      }
    });
  } finally {
    await prepared.close();
  }
}
