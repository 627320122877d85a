import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StorageError } from '../../errors.js';
import { encodeFilePath } from '../uri.js';

/**
 * Refuses a local folder root that is a file, or lies under one (`/data/report.csv/out`), when the adapter is
 * made. Without this check such a root would fail only at its first write, after a run had read and predicted
 * its first input, with the file system's `EEXIST` or `ENOTDIR`. A root that does not exist yet is fine: writes
 * create it. Errors other than "not there" (a folder that may not be read) are left to the operations, which
 * name them.
 *
 * Synchronous: a few `stat` calls, once per adapter, so that the factory stays a plain function.
 *
 * @throws StorageError (code `STORAGE_NOT_A_FOLDER`) naming the root and the file in the way.
 */
export function refuseFileRoot(root: string, uri: string): void {
  let probe = root;
  for (;;) {
    const info = statOrUndefined(probe);
    if (info?.isDirectory()) return;
    if (info) {
      throw new StorageError(
        'connect',
        uri,
        probe === root
          ? 'it is a file, not a folder'
          : `file://${encodeFilePath(probe)} is a file, not a folder`,
        { code: 'STORAGE_NOT_A_FOLDER' },
      );
    }
    const parent = dirname(probe);
    if (parent === probe) return;
    probe = parent;
  }
}

/** `stat` of `path` (through links), or `undefined` when it cannot be had (missing, unreadable). */
function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
