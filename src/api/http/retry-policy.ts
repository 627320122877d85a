/**
 * When and how long to retry a call to the platform. Shared by the REST and the gRPC transports.
 *
 * @module
 */

/** How failed calls to the platform are retried. Every field is optional where it is accepted. */
export interface RetryPolicy {
  /**
   * Attempts in all, the first one included. `1` turns retries off.
   * @default 4
   */
  readonly maxAttempts: number;
  /**
   * Wait before the first retry, in milliseconds; each further retry waits `backoffFactor` times longer.
   * @default 500
   */
  readonly initialDelay: number;
  /**
   * Longest computed wait between two attempts, in milliseconds.
   * @default 8000
   */
  readonly maxDelay: number;
  /**
   * Growth of the wait from one retry to the next.
   * @default 2
   */
  readonly backoffFactor: number;
  /**
   * Share of each computed wait that is random (0 = none, 1 = anywhere between 0 and the full wait), so that
   * many clients do not retry in step.
   * @default 0.25
   */
  readonly jitter: number;
  /**
   * Longest wait a server's `Retry-After` header may ask for, in milliseconds; a longer one is cut to this.
   * @default 60000
   */
  readonly maxRetryAfter: number;
  /**
   * HTTP statuses that are retried. Network errors and per-attempt timeouts are always retried; an abort by
   * the caller never is.
   * @default [429, 502, 503, 504]
   */
  readonly statusCodes: readonly number[];
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  initialDelay: 500,
  maxDelay: 8000,
  backoffFactor: 2,
  jitter: 0.25,
  maxRetryAfter: 60_000,
  statusCodes: Object.freeze([429, 502, 503, 504]),
});

/** A full policy from the defaults and a partial one; values out of range are clamped into range. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const merged = { ...DEFAULT_RETRY_POLICY, ...(partial ?? {}) };
  return Object.freeze({
    maxAttempts: Math.max(1, Math.floor(finiteOr(merged.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts))),
    initialDelay: Math.max(0, finiteOr(merged.initialDelay, DEFAULT_RETRY_POLICY.initialDelay)),
    maxDelay: Math.max(0, finiteOr(merged.maxDelay, DEFAULT_RETRY_POLICY.maxDelay)),
    backoffFactor: Math.max(1, finiteOr(merged.backoffFactor, DEFAULT_RETRY_POLICY.backoffFactor)),
    jitter: Math.min(1, Math.max(0, finiteOr(merged.jitter, DEFAULT_RETRY_POLICY.jitter))),
    maxRetryAfter: Math.max(0, finiteOr(merged.maxRetryAfter, DEFAULT_RETRY_POLICY.maxRetryAfter)),
    statusCodes: Object.freeze([...merged.statusCodes]),
  });
}

/**
 * The wait before retry number `retry` (1 for the first retry), in milliseconds: exponential, capped at
 * `maxDelay`, with the random share `jitter` taken off.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const base = Math.min(
    policy.maxDelay,
    policy.initialDelay * policy.backoffFactor ** Math.max(0, retry - 1),
  );
  return Math.round(base * (1 - policy.jitter * random()));
}

/**
 * The wait a server asked for with `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, in
 * milliseconds and cut to `policy.maxRetryAfter`; `undefined` when it asked for none or for nonsense.
 */
export function retryAfterDelay(
  policy: RetryPolicy,
  headers: { get(name: string): string | null },
  now: number = Date.now(),
): number | undefined {
  const ms = parseRetryAfter(headers.get('retry-after-ms'), headers.get('retry-after'), now);
  return ms === undefined ? undefined : Math.min(ms, policy.maxRetryAfter);
}

function parseRetryAfter(msHeader: string | null, header: string | null, now: number): number | undefined {
  if (msHeader !== null && /^\s*\d+(\.\d+)?\s*$/.test(msHeader)) return Number(msHeader);
  if (header === null || header.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function finiteOr(value: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
