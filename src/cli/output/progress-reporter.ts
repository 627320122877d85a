import type { ProgressEvent, ProgressSnapshot as Snapshot } from '../../runner/index.js';
import type { CliStream } from '../io.js';
import type { Style } from '../style.js';
import { cliMessage } from './cli-message.js';
import { formatBytes, formatCount, formatDuration, formatEta, relativeName } from './units.js';

/** How progress is shown: a redrawn bar (terminals), one line per file, or nothing. */
export type ProgressMode = 'bar' | 'lines' | 'none';

/** Shows a local run's progress on `stream` (stderr, so that stdout holds only the result). */
export interface ProgressReporter {
  readonly onProgress: (event: ProgressEvent) => void;
  /** Clears the bar; call once the run is over. */
  close(): void;
}

/** A reporter of `mode`; `folder` is the source folder, to show file names short. */
export function createProgressReporter(
  mode: ProgressMode,
  stream: CliStream,
  style: Style,
  folder: string | undefined,
): ProgressReporter {
  if (mode === 'none') return { onProgress: () => {}, close: () => {} };
  let drawn = false;
  let last: Snapshot | undefined;
  let lastAt = performance.now();
  const set = (snapshot: Snapshot) => {
    last = snapshot;
    lastAt = performance.now();
  };
  const name = (uri: string) => relativeName(uri, folder);
  const clear = () => {
    if (drawn) stream.write('\r\u001b[2K');
    drawn = false;
  };
  const draw = () => {
    if (!last) return;
    // Between events the ETA counts down, so that a long file does not freeze the bar.
    const elapsed = (performance.now() - lastAt) / 1000;
    const eta = last.etaSeconds === undefined ? undefined : Math.max(0, last.etaSeconds - elapsed);
    stream.write(
      `\r\u001b[2K${barLine({ ...last, etaSeconds: eta }, Math.max(20, (stream.columns || 80) - 1))}`,
    );
    drawn = true;
  };
  const timer = mode === 'bar' ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  const close = () => {
    clearInterval(timer);
    clear();
  };
  const line = (text: string) => {
    clear();
    stream.write(`${text}\n`);
    if (mode === 'bar') draw();
  };
  return {
    onProgress(event) {
      switch (event.type) {
        case 'run-started':
          line(
            style.dim(
              `${event.total} file${event.total === 1 ? '' : 's'} to process (${formatBytes(event.bytes)})` +
                (event.leftOut.length ? `; ${event.leftOut.length} left out, listed at the end` : ''),
            ),
          );
          set({ done: 0, total: event.total, failed: 0, rowsPerSecond: 0, etaSeconds: undefined });
          if (mode === 'bar') draw();
          break;
        case 'task-started':
          set(event.progress);
          if (mode === 'bar') draw();
          break;
        case 'task-finished':
        case 'task-skipped':
        case 'task-failed': {
          set(event.progress);
          const p = event.progress;
          const counter = `[${p.done}/${p.total}]`;
          if (event.type === 'task-failed') {
            line(
              `${style.red('✗')} ${counter} ${name(event.row.source)} failed: ${event.row.error ? cliMessage(event.row.error) : 'unknown error'}`,
            );
          } else if (mode === 'lines') {
            const what =
              event.type === 'task-skipped'
                ? 'skipped (output exists)'
                : `${formatCount(event.row.rowsIn)} rows in ${formatDuration(event.row.durationMs)}`;
            line(`${style.green('✓')} ${counter} ${name(event.row.source)} ${what}; ${rate(p)}`);
          } else {
            draw();
          }
          break;
        }
        case 'run-finished':
          close();
          break;
      }
    },
    close,
  };
}

function rate(p: Snapshot): string {
  return `${formatCount(p.rowsPerSecond)} rows/s, ETA ${formatEta(p.done === p.total ? 0 : p.etaSeconds)}`;
}

/** `[######------] 2/3 files  1,234 rows/s  ETA 0:03`, fitted to `width`. */
export function barLine(p: Snapshot, width: number): string {
  const tail = ` ${p.done}/${p.total} files${p.failed ? ` (${p.failed} failed)` : ''}  ${formatCount(p.rowsPerSecond)} rows/s  ETA ${formatEta(p.done === p.total ? 0 : p.etaSeconds)}`;
  const size = Math.max(10, Math.min(30, width - tail.length - 2));
  const filled = p.total > 0 ? Math.round((p.done / p.total) * size) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(size - filled)}]${tail}`.slice(0, width);
}
