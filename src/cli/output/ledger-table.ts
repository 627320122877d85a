import type { RunResult } from '../../runner/index.js';
import type { Style } from '../style.js';
import { cliMessage } from './cli-message.js';
import { errorToJson } from './error-json.js';
import { commonFolder, formatBytes, formatCount, formatDuration, relativeName } from './units.js';

/**
 * The run's ledger as a table, one row per file, and a closing summary line. `stoppedBy` says what stopped
 * the run early (`interrupted (Ctrl-C)`), to head the summary instead of the status.
 */
export function renderLedger(result: RunResult, style: Style, stoppedBy?: string): string {
  const folder = commonFolder(result.ledger.map((row) => row.source));
  const header = ['FILE', 'STATUS', 'ROWS IN', 'ROWS OUT', 'BYTES IN', 'BYTES OUT', 'TIME'];
  const rows = result.ledger.map((row) => [
    relativeName(row.source, folder),
    row.status,
    formatCount(row.rowsIn),
    formatCount(row.rowsOut),
    formatBytes(row.bytesIn),
    formatBytes(row.bytesOut),
    formatDuration(row.durationMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 3, 4, 5, 6]);
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const colour = (status: string, text: string) =>
    status === 'failed' ? style.red(text) : status === 'succeeded' ? text : style.yellow(text);
  const lines = [style.bold(format(header))];
  result.ledger.forEach((row, i) => {
    lines.push(colour(row.status, format(rows[i]!)));
  });
  for (const row of result.ledger) {
    if (row.error) lines.push(style.red(`  ${relativeName(row.source, folder)}: ${cliMessage(row.error)}`));
  }
  for (const entry of result.leftOut) {
    lines.push(style.yellow(`  left out: ${relativeName(entry.source, folder)}: ${entry.reason}`));
  }
  lines.push('', summary(result, stoppedBy));
  return `${lines.join('\n')}\n`;
}

/**
 * `finished: 3 of 3 files succeeded; 60 rows written in 424 ms to file:///tmp/out/`, headed by `stoppedBy`
 * (`interrupted (Ctrl-C)`) instead of the status when given.
 */
export function summary(result: RunResult, stoppedBy?: string): string {
  const f = result.files;
  const everyFailed = f.total > 0 && f.failed === f.total;
  const parts = everyFailed
    ? [`every file failed (${f.failed} of ${f.total})`]
    : [`${f.succeeded} of ${f.total} file${f.total === 1 ? '' : 's'} succeeded`];
  if (f.failed && !everyFailed) parts.push(`${f.failed} failed`);
  if (f.skipped) parts.push(`${f.skipped} skipped`);
  // A cancelled row without an error never started: the run stopped before its turn.
  const notStarted = result.ledger.filter((row) => row.status === 'cancelled' && !row.error).length;
  if (f.cancelled > notStarted) parts.push(`${f.cancelled - notStarted} cancelled`);
  if (notStarted) parts.push(`${notStarted} not started`);
  if (result.leftOut.length) parts.push(`${result.leftOut.length} left out (not files the run may read)`);
  const what = stoppedBy ?? (result.dryRun ? 'dry run' : result.status);
  return `${what}: ${parts.join(', ')}; ${formatCount(result.rowsOut)} rows written in ${formatDuration(result.durationMs)} to ${result.destinationFolder}`;
}

/** The result as plain JSON: errors as `{ name, code, message }`, dates as ISO strings. */
export function resultToJson(result: RunResult): unknown {
  return {
    ...result,
    ledger: result.ledger.map((row) => ({ ...row, error: row.error ? errorToJson(row.error) : undefined })),
  };
}
