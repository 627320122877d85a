/** Wait before the first retry of a read, in milliseconds; each further retry waits twice as long. */
export const READ_RETRY_INITIAL_DELAY_MS = 500;

/** Longest computed wait between two read attempts, in milliseconds (the SDK's `maxRetryDelay` for the rest). */
export const READ_RETRY_MAX_DELAY_MS = 16_000;

/** Longest wait a `Retry-After` answer may ask for, in milliseconds; a longer one is cut to this. */
export const READ_RETRY_MAX_RETRY_AFTER_MS = 60_000;

/** Share of each computed wait that is random, so that many readers do not retry in step. */
const JITTER = 0.25;

/**
 * The wait before retry number `retry` (1 for the first) of a read, in milliseconds: exponential from
 * {@link READ_RETRY_INITIAL_DELAY_MS}, capped at {@link READ_RETRY_MAX_DELAY_MS}, with up to a quarter taken
 * off at random; never shorter than what the server's `Retry-After` asked for (itself capped).
 */
export function readRetryDelay(retry: number, error: unknown, random: () => number = Math.random): number {
  const base = Math.min(READ_RETRY_MAX_DELAY_MS, READ_RETRY_INITIAL_DELAY_MS * 2 ** Math.max(0, retry - 1));
  const delay = base * (1 - JITTER * random());
  const asked = retryAfterMs(error);
  return asked === undefined ? delay : Math.max(delay, Math.min(asked, READ_RETRY_MAX_RETRY_AFTER_MS));
}

/** The `Retry-After` of the answer an SDK error carries (seconds or an HTTP date), in milliseconds. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const raw =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(name: string): unknown }).get('retry-after')
      : (headers as Record<string, unknown>)['retry-after'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
