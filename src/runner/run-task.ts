import { TaskTimeoutError } from '../errors.js';
import type { FileType } from '../formats/types.js';
import { anySignal, timeoutController } from '../internal/abort.js';
import type { StorageAdapter } from '../storage/types.js';
import { releaseBuffers } from './release-buffers.js';
import type { FreeSlot } from './run-pool.js';
import type { TaskEngine } from './task-engine.js';
import { toTaskError } from './task-error.js';
import { byteLength } from './transfer.js';
import type { LedgerRow } from './types.js';

/** One planned task: an input key and the output key it maps to. */
export interface PlannedTask {
  readonly key: string;
  readonly size: number;
  readonly outputKey: string;
  readonly source: string;
  readonly destination: string;
}

/** Everything a task needs besides its plan. */
export interface TaskEnvironment {
  readonly source: StorageAdapter;
  readonly destination: StorageAdapter;
  readonly engine: TaskEngine;
  readonly inputType: FileType;
  readonly outputType: FileType;
  /** Seconds; 0 = none. */
  readonly taskTimeout: number;
}

/**
 * Runs one task: read, decode, predict, encode, write (atomically). Never throws: the outcome is a ledger
 * row, with a {@link TaskError} when it failed (`failed`) or was stopped by the run (`cancelled`). Once the
 * output's bytes are in the destination and only wait to be made durable (local storage's flush to disk),
 * the task frees them and calls `freeSlot`, so that the next task computes while the disk works.
 */
export async function runTask(
  task: PlannedTask,
  env: TaskEnvironment,
  runSignal: AbortSignal,
  freeSlot?: FreeSlot,
): Promise<LedgerRow> {
  const started = performance.now();
  const timeout =
    env.taskTimeout > 0
      ? timeoutController(env.taskTimeout * 1000, () => new TaskTimeoutError(task.source, env.taskTimeout))
      : undefined;
  const signal = anySignal(runSignal, timeout?.signal);
  let rowsIn: number | undefined;
  try {
    const bytes = await env.source.read(task.key, { signal });
    signal.throwIfAborted();
    const output = await env.engine(
      {
        source: task.source,
        destination: task.destination,
        inputType: env.inputType,
        outputType: env.outputType,
      },
      bytes,
      signal,
    );
    rowsIn = output.rowsIn;
    signal.throwIfAborted();
    const encodedSize = byteLength(output.chunks);
    let released = false;
    const written = await env.destination.write(task.outputKey, chunksOf(output.chunks), {
      signal,
      onBytesWritten: () => {
        if (output.owned) releaseBuffers(output.chunks);
        released = true;
        freeSlot?.();
      },
    });
    // Only after a write that succeeded (or said it needs the bytes no more): a failed one may still have
    // requests reading them.
    if (output.owned && !released) releaseBuffers(output.chunks);
    const bytesOut = written.size ?? encodedSize;
    return {
      source: task.source,
      destination: task.destination,
      status: 'succeeded',
      rowsIn: output.rowsIn,
      rowsOut: output.rowsOut,
      bytesIn: task.size,
      bytesOut,
      durationMs: performance.now() - started,
      error: undefined,
    };
  } catch (error) {
    const timedOut = timeout?.signal.aborted === true && !runSignal.aborted;
    const cancelled = runSignal.aborted && !timedOut;
    return {
      source: task.source,
      destination: task.destination,
      status: cancelled ? 'cancelled' : 'failed',
      rowsIn,
      rowsOut: undefined,
      bytesIn: task.size,
      bytesOut: undefined,
      durationMs: performance.now() - started,
      error: toTaskError(
        task.source,
        error,
        timedOut ? env.taskTimeout : undefined,
        cancelled,
        runSignal.reason,
      ),
    };
  } finally {
    timeout?.clear();
  }
}

function chunksOf(chunks: Uint8Array[]): Uint8Array | AsyncIterable<Uint8Array> {
  if (chunks.length === 1) return chunks[0]!;
  return (async function* () {
    yield* chunks;
  })();
}
