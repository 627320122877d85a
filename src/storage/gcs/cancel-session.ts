import { once } from 'node:events';
import type { Storage } from '@google-cloud/storage';

/**
 * How long a failed resumable write spends, at most, cancelling its upload session (waiting for the session
 * URI if its creation is still under way, then the `DELETE`), in milliseconds. The write's own error is
 * thrown afterwards either way.
 */
export const SESSION_CANCEL_TIMEOUT_MS = 5_000;

/** 499 is GCS's answer to a cancel; 404 and 410 mean the session is already gone. */
const GONE = new Set([499, 404, 410]);

/**
 * Cancels a resumable upload session, so that GCS drops it and the bytes already sent instead of keeping
 * them for a week. Best effort, bounded by `timeoutMs`: it never throws, since its caller is already
 * failing with an error of its own that must not be replaced. Resolves `true` when the session is known gone.
 *
 * `session` resolves with the session URI; it may still be pending when the write failed while the session
 * was being created (the SDK emits the URI even after its stream was destroyed).
 */
export async function cancelUploadSession(
  storage: Storage,
  session: Promise<string>,
  timeoutMs = SESSION_CANCEL_TIMEOUT_MS,
): Promise<boolean> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const timedOut = once(deadline.signal, 'abort').then(() => undefined);
    const uri = await Promise.race([session, timedOut]);
    if (!uri) return false;
    return await deleteSession(storage, uri, timeoutMs, deadline.signal);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `DELETE <session uri>` through the client's own authenticated request path (`makeAuthenticatedRequest`,
 * which uses `storage.authClient`), so it is authorized like the client's other requests: OAuth on
 * googleapis.com, none on a custom endpoint unless `useAuthWithCustomEndpoint`.
 */
function deleteSession(storage: Storage, uri: string, timeoutMs: number, deadline: AbortSignal) {
  return new Promise<boolean>((resolve) => {
    if (deadline.aborted) return resolve(false);
    let request: { abort(): void } | undefined;
    const onDeadline = () => {
      request?.abort();
      resolve(false);
    };
    deadline.addEventListener('abort', onDeadline, { once: true });
    // One retry covers a dropped connection or a 503; the deadline bounds both attempts.
    request =
      storage.makeAuthenticatedRequest(
        { method: 'DELETE', uri, maxRetries: 1, timeout: timeoutMs },
        (error, _body, response) => {
          deadline.removeEventListener('abort', onDeadline);
          const status = (error as { code?: unknown } | null)?.code ?? response?.statusCode;
          resolve(!error || GONE.has(status as number));
        },
      ) ?? undefined;
  });
}
