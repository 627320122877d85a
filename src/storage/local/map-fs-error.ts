import {
  AbortError,
  QwakBatchError,
  StorageAccessDeniedError,
  StorageError,
  StorageNotFoundError,
  type StorageOperation,
} from '../../errors.js';

/** Turns a Node file-system error into the matching {@link StorageError}; ours and aborts pass through. */
export function mapFsError(error: unknown, operation: StorageOperation, uri: string): Error {
  if (QwakBatchError.isInstance(error)) return error as Error;
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
    return new AbortError(`Storage ${operation} of ${uri} was aborted`, { cause: error });
  }
  switch (e?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new StorageNotFoundError(operation, uri, 'no such file or folder', { cause: error });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new StorageAccessDeniedError(operation, uri, `access denied (${e.code})`, { cause: error });
    case 'EISDIR':
      return new StorageError(operation, uri, 'it is a folder, not a file', {
        cause: error,
        code: 'STORAGE_ERROR',
      });
    case 'ERR_FS_FILE_TOO_LARGE':
      // Node reads a file into one buffer of at most 2 GiB; each input file is one task, read whole.
      return new StorageError(
        operation,
        uri,
        'the file is larger than 2 GiB, the most Node reads into one buffer: split it into smaller files ' +
          '(each input file is one task, read whole)',
        { cause: error },
      );
    case 'ENOSPC':
      return new StorageError(operation, uri, 'no space left on the device', { cause: error });
    default:
      return new StorageError(operation, uri, e?.message ?? String(error), { cause: error });
  }
}
