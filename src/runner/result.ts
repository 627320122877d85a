import type { NormalizedRun } from './normalize-options.js';
import type { FileCounts, LedgerRow, LeftOutEntry, RunResult, RunStatus } from './types.js';

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
