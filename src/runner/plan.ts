import { JobError, UsageError } from '../errors.js';
import type { SkippedEntry, StorageAdapter } from '../storage/types.js';
import { refuseReplacedInputs } from './replaced-inputs.js';
import type { PlannedTask } from './run-task.js';
import type { LeftOutEntry } from './types.js';

/** The tasks of a run, and the entries with the input type's extension that cannot be run. */
export interface Plan {
  readonly tasks: PlannedTask[];
  readonly leftOut: LeftOutEntry[];
}

/** The output key of an input key: same folder and base name, the output type's extension. */
export function outputKeyFor(key: string, outputExtension: string): string {
  const slash = key.lastIndexOf('/');
  const dot = key.lastIndexOf('.');
  const base = dot > slash + 1 ? key.slice(0, dot) : key;
  return `${base}.${outputExtension}`;
}

/**
 * Lists the source's files of the input type (by extension, sorted by key) and maps each to its output.
 * No file is an error naming the folder and the extensions, as on the platform, and saying which
 * entries with those extensions were left out (a local symbolic link leading outside the folder). Two
 * inputs that would write one output (`a.parquet` and `a.pq`), or an output that would overwrite an input
 * (same folder, same type, or the same file through a link), are refused before anything runs: sources are
 * never modified.
 */
export async function planTasks(
  source: StorageAdapter,
  destination: StorageAdapter,
  inputExtensions: readonly string[],
  outputExtension: string,
  signal: AbortSignal,
): Promise<Plan> {
  const tasks: PlannedTask[] = [];
  const skipped: SkippedEntry[] = [];
  const onSkip = (entry: SkippedEntry) => skipped.push(entry);
  const realPaths = new Map<string, string>();
  for await (const object of source.list('', { extensions: inputExtensions, signal, onSkip })) {
    const outputKey = outputKeyFor(object.key, outputExtension);
    if (object.realPath !== undefined) realPaths.set(object.key, object.realPath);
    tasks.push({
      key: object.key,
      size: object.size,
      outputKey,
      source: source.describe(object.key),
      destination: destination.describe(outputKey),
    });
  }
  tasks.sort(byKey);
  skipped.sort(byKey);
  const leftOut = skipped.map((entry) => ({ source: source.describe(entry.key), reason: entry.reason }));
  if (tasks.length === 0) {
    throw new JobError(
      `No input files in ${source.describe()} with the extension ${inputExtensions.map((e) => `.${e}`).join(', ')}` +
        describeLeftOut(leftOut),
      { code: 'JOB_NO_INPUT' },
    );
  }
  const sources = new Set(tasks.map((t) => t.source));
  const outputs = new Map<string, string>();
  for (const task of tasks) {
    if (sources.has(task.destination)) {
      throw new UsageError(
        `The output of ${task.source} would overwrite the input ${task.destination}: choose another destination folder or output type`,
      );
    }
    const other = outputs.get(task.destination);
    if (other) {
      throw new UsageError(
        `${other} and ${task.source} would both write ${task.destination}: rename one of them`,
      );
    }
    outputs.set(task.destination, task.source);
  }
  // Real paths exist only on disk: a bucket destination cannot be a local input.
  if (realPaths.size > 0 && destination.scheme === 'file') {
    await refuseReplacedInputs(tasks, realPaths, destination, signal);
  }
  return { tasks, leftOut };
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** `; 3 entries with it were left out: file:///in/a.csv is a symbolic link…, and 2 more`, or nothing. */
function describeLeftOut(leftOut: readonly LeftOutEntry[]): string {
  const first = leftOut[0];
  if (!first) return '';
  const more = leftOut.length - 1;
  return (
    `; ${leftOut.length === 1 ? '1 entry with it was' : `${leftOut.length} entries with it were`} left out: ` +
    `${first.source} is ${first.reason}${more > 0 ? `, and ${more} more` : ''}`
  );
}
