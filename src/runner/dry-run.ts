import type { Codec } from '../formats/types.js';
import type { StorageAdapter } from '../storage/types.js';
import { runPool } from './run-pool.js';
import type { PlannedTask } from './run-task.js';
import { toTaskError } from './task-error.js';
import type { LedgerRow } from './types.js';

/**
 * The ledger of a dry run: each input's size, and the columns (and rows, where the footer tells) found by
 * checking its header or footer. A file that does not parse is `failed`, with the codec's error as cause. With
 * `resume` (the destination given), a file whose output exists is `skipped`, as the run would skip it.
 */
export async function dryRunLedger(
  tasks: readonly PlannedTask[],
  source: StorageAdapter,
  codec: Codec,
  concurrency: number,
  signal: AbortSignal,
  resumeFrom?: StorageAdapter,
): Promise<LedgerRow[]> {
  const rows: LedgerRow[] = new Array(tasks.length);
  await runPool(tasks, concurrency, signal, async (task, index) => {
    const started = performance.now();
    const base = {
      source: task.source,
      destination: task.destination,
      bytesIn: task.size,
      rowsOut: undefined,
    };
    try {
      const existing = resumeFrom ? await resumeFrom.stat(task.outputKey, { signal }) : undefined;
      if (existing) {
        rows[index] = {
          ...base,
          status: 'skipped',
          rowsIn: undefined,
          bytesOut: existing.size,
          durationMs: performance.now() - started,
          error: undefined,
        };
        return;
      }
      const summary = await codec.inspect(source.readStream(task.key, { signal }), {
        file: task.source,
        signal,
      });
      rows[index] = {
        ...base,
        status: 'planned',
        rowsIn: summary.rows,
        bytesOut: undefined,
        durationMs: performance.now() - started,
        error: undefined,
        columns: summary.columns,
      };
    } catch (error) {
      rows[index] = {
        ...base,
        status: signal.aborted ? 'cancelled' : 'failed',
        rowsIn: undefined,
        bytesOut: undefined,
        durationMs: performance.now() - started,
        error: toTaskError(task.source, error, undefined, signal.aborted, signal.reason),
      };
    }
  });
  return rows;
}
