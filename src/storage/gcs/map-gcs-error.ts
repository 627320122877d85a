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
  const e = error as {
    name?: string;
    code?: number | string;
    message?: string;
    response?: { status?: number; data?: { error?: { message?: unknown } } };
  };
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
    return new AbortError(`Storage ${operation} of ${uri} was aborted`, { cause: error });
  }
  // Resumable uploads fail with a gaxios error: the status and GCS's message are on its `response`.
  const status = typeof e?.code === 'number' ? e.code : e?.response?.status;
  const answered = e?.response?.data?.error?.message;
  // A resumable session URI lets anyone holding it upload into the session: keep its id out of messages.
  const message = (typeof answered === 'string' ? answered : (e?.message ?? String(error))).replace(
    /upload_id=[^&\s"']+/g,
    'upload_id=<redacted>',
  );
  if (status === 404) {
    // GCS says "The specified bucket does not exist." or "No such object: <bucket>/<name>" (whose bucket
    // name may itself contain the word "bucket").
    const aboutBucket = !/no such object/i.test(message) && /bucket/i.test(message.split(bucket).join(''));
    const reason = aboutBucket ? `the bucket "${bucket}" does not exist` : 'no such object';
    return new StorageNotFoundError(operation, uri, reason, { cause: error });
  }
  if (status === 401 || status === 403) {
    return new StorageAccessDeniedError(operation, uri, `access denied (HTTP ${status}: ${message})`, {
      cause: error,
    });
  }
  const detail = typeof status === 'number' ? `HTTP ${status}: ` : '';
  return new StorageError(operation, uri, `${detail}${message}`, { cause: error });
}
