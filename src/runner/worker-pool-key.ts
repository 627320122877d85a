import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkerSetup } from './worker-protocol.js';

/**
 * What two runs must share to use the same kept worker threads: the number of workers, everything the
 * workers were started with (model module, model and build ids, parameters, format options, heap limits, output stream,
 * whether they were given parquet-wasm), the process environment they inherited, and the model file's size and modification
 * time, so that a model edited on disk is loaded afresh.
 */
export async function poolKey(size: number, setup: WorkerSetup): Promise<string> {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([
      size,
      setup.predictorUrl ?? null,
      await fileVersion(setup.predictorUrl),
      setup.modelId,
      setup.buildId ?? null,
      sortedEntries(setup.parameters),
      setup.codecOptions,
      setup.parquetWasmModule !== undefined,
      sortedEntries(setup.resourceLimits),
      setup.modelOutput,
      sortedEntries(process.env),
    ]),
  );
  return hash.digest('hex');
}

/** `[size, mtime]` of a `file:` URL's file, or null when there is none (the workers then report the error). */
async function fileVersion(url: string | undefined): Promise<[number, number] | null> {
  if (!url) return null;
  try {
    const info = await stat(fileURLToPath(url));
    return [info.size, info.mtimeMs];
  } catch {
    return null;
  }
}

function sortedEntries(record: object): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
