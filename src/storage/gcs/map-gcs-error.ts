import {
  AbortError,
  QwakBatchError,
  StorageAccessDeniedError,
  StorageError,
  StorageNotFoundError,
  type StorageOperation,
} from '../../errors.js';
import { safeCause, withSafeCause } from '../safe-cause.js';
import { REDACTED_UPLOAD_ID, sessionScrubber } from './redact-session.js';

/**
 * Turns a `@google-cloud/storage` error into the matching {@link StorageError}; never the raw error. The SDK's
 * error is kept as `cause` only as a copy without its request, response and headers (see {@link safeCause}):
 * they hold the bearer token. A resumable session's id is scrubbed from every text of that copy as well: the
 * session URI lets anyone holding it upload. `note`, when given, ends the reason of an error that is neither
 * "not found" nor "access denied" (e.g. how many attempts).
 */
export function mapGcsError(
  error: unknown,
  operation: StorageOperation,
  uri: string,
  bucket: string,
  note?: string,
): Error {
  if (QwakBatchError.isInstance(error)) return withSafeCause(error as Error);
  const scrub = sessionScrubber(error);
  const cause = safeCause(error, scrub ? { scrub } : {});
  const e = error as {
    name?: string;
    code?: number | string;
    message?: string;
    response?: { status?: number; data?: { error?: { message?: unknown } } };
  };
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
    return new AbortError(`Storage ${operation} of ${uri} was aborted`, { cause });
  }
  // Resumable uploads fail with a gaxios error: the status and GCS's message are on its `response`.
  const status = typeof e?.code === 'number' ? e.code : e?.response?.status;
  const answered = e?.response?.data?.error?.message;
  // A resumable session URI lets anyone holding it upload into the session: keep its id out of messages.
  const raw = typeof answered === 'string' ? answered : messageOf(e?.message ?? String(error));
  const message = scrub ? scrub(raw) : raw.replace(/upload_id=[^&\s"']+/g, REDACTED_UPLOAD_ID);
  if (status === 404) {
    // GCS says "The specified bucket does not exist." or "No such object: <bucket>/<name>" (whose bucket
    // name may itself contain the word "bucket").
    const aboutBucket = !/no such object/i.test(message) && /bucket/i.test(message.split(bucket).join(''));
    const reason = aboutBucket ? `the bucket "${bucket}" does not exist` : 'no such object';
    return new StorageNotFoundError(operation, uri, reason, { cause });
  }
  if (status === 401 || status === 403) {
    return new StorageAccessDeniedError(operation, uri, `access denied (HTTP ${status}: ${message})`, {
      cause,
    });
  }
  const detail = typeof status === 'number' ? `HTTP ${status}: ` : '';
  return new StorageError(operation, uri, `${detail}${message}${note ? ` (${note})` : ''}`, { cause });
}

/** A read's SDK error has GCS's whole JSON error body as its message: its `error.message` says it better. */
function messageOf(text: string): string {
  if (!text.startsWith('{')) return text;
  try {
    const inner = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    return typeof inner === 'string' ? inner : text;
  } catch {
    return text;
  }
}
