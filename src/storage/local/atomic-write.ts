import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { throwIfAborted } from '../../internal/abort.js';
import { chunksOf } from '../bytes.js';
import type { WriteInput } from '../types.js';
import { tempNameFor } from './temp-name.js';

export { TEMP_PREFIX } from './temp-name.js';

/** Options of {@link atomicWrite}. */
export interface AtomicWriteOptions {
  readonly signal?: AbortSignal | undefined;
  /** Flush the temp file to disk before the rename (crash-safe on power loss). */
  readonly fsync: boolean;
  /** Called once every byte is in the temp file, before the flush and the rename (see `WriteOptions`). */
  readonly onBytesWritten?: (() => void) | undefined;
}

/**
 * Writes `data` to `path` so that readers only ever see the old complete file or the new complete one:
 * the bytes go to a temp file in the same folder (same file system, so `rename` is atomic; named by
 * {@link tempNameFor}), are flushed to disk (unless `fsync: false`), then renamed over `path`. On failure or
 * abort the temp file is removed and `path` is untouched.
 */
export async function atomicWrite(
  path: string,
  data: WriteInput,
  { signal, fsync, onBytesWritten }: AtomicWriteOptions,
): Promise<number> {
  throwIfAborted(signal, `Writing ${path}`);
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  // The name carries host and pid, so that a later write can tell a temp abandoned by a killed process.
  const temp = join(folder, tempNameFor(basename(path)));
  const handle = await open(temp, 'wx', 0o644);
  let size = 0;
  let renamed = false;
  try {
    try {
      for await (const chunk of chunksOf(data)) {
        throwIfAborted(signal, `Writing ${path}`);
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
        size += chunk.byteLength;
      }
      throwIfAborted(signal, `Writing ${path}`);
      // The bytes are in the file (the kernel's page cache): the caller may free its copy while the flush runs.
      onBytesWritten?.();
      // Flushed before the rename, so that a crash cannot leave the new name pointing at missing bytes.
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
    return size;
  } finally {
    if (!renamed) await rm(temp, { force: true });
  }
}
