import type { LedgerRow, ProgressSnapshot } from './types.js';

/** Counts finished files and derives speed and ETA for progress events. */
export class ProgressTracker {
  private done = 0;
  private failed = 0;
  private rows = 0;
  private bytesDone = 0;
  private readonly started = performance.now();

  /**
   * @param total files in the run
   * @param bytesToProcess input bytes of the files that will actually run (skipped ones excluded)
   */
  constructor(
    private readonly total: number,
    private readonly bytesToProcess: number,
  ) {}

  /** Records a finished row (succeeded, failed or skipped). */
  record(row: LedgerRow): void {
    this.done++;
    if (row.status === 'failed') this.failed++;
    if (row.status !== 'skipped') {
      this.rows += row.rowsIn ?? 0;
      this.bytesDone += row.bytesIn;
    }
  }

  snapshot(): ProgressSnapshot {
    const seconds = (performance.now() - this.started) / 1000;
    const byteRate = seconds > 0 ? this.bytesDone / seconds : 0;
    const left = Math.max(0, this.bytesToProcess - this.bytesDone);
    return {
      done: this.done,
      total: this.total,
      failed: this.failed,
      rowsPerSecond: seconds > 0 ? this.rows / seconds : 0,
      etaSeconds: this.bytesDone > 0 && byteRate > 0 ? left / byteRate : undefined,
    };
  }
}
