import type { NormalizedRun } from './normalize-options.js';
import type { FileCounts, LedgerRow, LeftOutEntry, RunResult, RunStatus } from './types.js';

/**
 * The status of a run that was not stopped by an error of its own: `cancelled` when the caller's signal fired,
 * `timeout` when the job timeout passed, otherwise from the ledger. `failed` when more files failed than
 * `maxFailedFiles` allows, when files were left `cancelled` (a run stopped early), or when every file failed:
 * `maxFailedFiles` tolerates failed files beside good ones, not a run that wrote nothing (at least one file, all
 * `failed`; a file skipped by `resume` is not a failure). `finished` otherwise.
 */
export function finalStatus(
  run: Pick<NormalizedRun, 'signal' | 'maxFailedFiles'>,
  ledger: readonly LedgerRow[],
  timedOut: boolean,
): RunStatus {
  if (run.signal?.aborted) return 'cancelled';
  if (timedOut) return 'timeout';
  const failed = ledger.filter((row) => row.status === 'failed').length;
  if (failed > run.maxFailedFiles) return 'failed';
  if (failed > 0 && failed === ledger.length) return 'failed';
  return ledger.length > 0 && ledger.every((row) => row.status !== 'cancelled') ? 'finished' : 'failed';
}

/** Totals of a run from its ledger. */
export function buildResult(
  run: NormalizedRun,
  parts: {
    executionId: string;
    status: RunStatus;
    ledger: LedgerRow[];
    leftOut: readonly LeftOutEntry[];
    startedAt: Date;
  },
): RunResult {
  const finishedAt = new Date();
  const files: { -readonly [K in keyof FileCounts]: number } = {
    total: parts.ledger.length,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  };
  let rowsIn = 0;
  let rowsOut = 0;
  let bytesIn = 0;
  let bytesOut = 0;
  for (const row of parts.ledger) {
    if (row.status !== 'planned') files[row.status]++;
    if (row.status === 'succeeded' || row.status === 'planned') {
      rowsIn += row.rowsIn ?? 0;
      rowsOut += row.rowsOut ?? 0;
      bytesIn += row.bytesIn;
      bytesOut += row.bytesOut ?? 0;
    }
  }
  return {
    executionId: parts.executionId,
    status: parts.status,
    dryRun: run.dryRun === true,
    sourceFolder: run.sourceFolder,
    destinationFolder: run.destinationFolder,
    inputFileType: run.inputFileType,
    outputFileType: run.outputFileType,
    ledger: parts.ledger,
    leftOut: parts.leftOut,
    files,
    rowsIn,
    rowsOut,
    bytesIn,
    bytesOut,
    startedAt: parts.startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - parts.startedAt.getTime(),
  };
}
