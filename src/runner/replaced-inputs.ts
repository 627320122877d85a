import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import type { StorageAdapter } from '../storage/types.js';
import type { PlannedTask } from './run-task.js';

/**
 * Refuses a run whose output would replace one of its inputs through a symbolic link, which the URI check of
 * `planTasks` cannot see: a source entry that links to a file in the destination folder (with `followLinks`),
 * or a destination folder that is a link to the source folder. Sources are never modified.
 *
 * `realPaths` maps input keys to their real paths (`StorageObject.realPath`, local sources only). Writing an
 * output replaces the destination entry of its name, so it replaces an input only where that entry is the
 * input's real file, whose name is then the output's: only those outputs are looked up, one `stat` each.
 */
export async function refuseReplacedInputs(
  tasks: readonly PlannedTask[],
  realPaths: ReadonlyMap<string, string>,
  destination: StorageAdapter,
  signal: AbortSignal,
): Promise<void> {
  const inputs = new Map<string, string>();
  for (const task of tasks) {
    const real = realPaths.get(task.key);
    if (real !== undefined) inputs.set(real, task.source);
  }
  const names = new Set([...inputs.keys()].map((path) => basename(path)));
  for (const task of tasks) {
    if (!names.has(basename(task.outputKey))) continue;
    // A destination that cannot even be looked at holds no input; its tasks fail on the write, which says why.
    const existing = await destination.stat(task.outputKey, { signal }).catch((error: unknown) => {
      if (signal.aborted) throw error;
      return undefined;
    });
    const input = existing?.realPath === undefined ? undefined : inputs.get(existing.realPath);
    if (input !== undefined) {
      throw new UsageError(
        `The output of ${task.source} would replace the input ${input}: ${task.destination} is that file ` +
          'through a symbolic link; choose another destination folder or output type',
      );
    }
  }
}
