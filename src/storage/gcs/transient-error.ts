/** HTTP statuses worth another attempt: request timeout, throttling, and every server error. */
const TRANSIENT_STATUS = (status: number) =>
  status === 408 || status === 429 || (status >= 500 && status <= 599);

/** Error codes of a connection that failed or was cut (Node's, and node-fetch's for a body cut short). */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

/** node-fetch's error types for a request or a body that took too long. */
const TIMEOUT_TYPES = new Set(['request-timeout', 'body-timeout']);

const CONNECTION_MESSAGE = /socket hang up|premature close|connection (?:closure|reset)|other side closed/i;

/**
 * True when a failed GCS read is worth another attempt: HTTP 408, 429 or 5xx, a connection that failed, was
 * reset or timed out, or a body cut short. Anything else (404, 403, a bad range, an abort) is final.
 */
export function isTransientGcsError(error: unknown, depth = 0): boolean {
  const e = error as {
    code?: unknown;
    errno?: unknown;
    type?: unknown;
    message?: unknown;
    response?: { status?: unknown; statusCode?: unknown };
    cause?: unknown;
  } | null;
  if (!e || typeof e !== 'object') return false;
  if ((e as { name?: unknown }).name === 'AbortError') return false;
  const status = typeof e.code === 'number' ? e.code : (e.response?.status ?? e.response?.statusCode);
  if (typeof status === 'number') return TRANSIENT_STATUS(status);
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code.toUpperCase())) return true;
  if (typeof e.errno === 'string' && CONNECTION_CODES.has(e.errno.toUpperCase())) return true;
  if (typeof e.type === 'string' && TIMEOUT_TYPES.has(e.type)) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGE.test(e.message)) return true;
  // A wrapped error (node-fetch's FetchError keeps the socket's error as `cause`); nesting is shallow.
  return depth < 3 && e.cause !== undefined && isTransientGcsError(e.cause, depth + 1);
}
