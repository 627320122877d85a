import {
  AbortError,
  QwakBatchError,
  StorageAccessDeniedError,
  StorageError,
  StorageNotFoundError,
  type StorageOperation,
} from '../../errors.js';

/** Turns a `@google-cloud/storage` error into the matching {@link StorageError}; never the raw error. */
export function mapGcsError(error: unknown, operation: StorageOperation, uri: string, bucket: string): Error {
  if (QwakBatchError.isInstance(error)) return error as Error;
  const e = error as { name?: string; code?: number | string; message?: string };
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
    return new AbortError(`Storage ${operation} of ${uri} was aborted`, { cause: error });
  }
  const message = e?.message ?? String(error);
  if (e?.code === 404) {
    // GCS says "The specified bucket does not exist." or "No such object: <bucket>/<name>" (whose bucket
    // name may itself contain the word "bucket").
    const aboutBucket = !/no such object/i.test(message) && /bucket/i.test(message.split(bucket).join(''));
    const reason = aboutBucket ? `the bucket "${bucket}" does not exist` : 'no such object';
    return new StorageNotFoundError(operation, uri, reason, { cause: error });
  }
  if (e?.code === 401 || e?.code === 403) {
    return new StorageAccessDeniedError(operation, uri, `access denied (HTTP ${e.code}: ${message})`, {
      cause: error,
    });
  }
  const detail = typeof e?.code === 'number' ? `HTTP ${e.code}: ` : '';
  return new StorageError(operation, uri, `${detail}${message}`, { cause: error });
}
