import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  resolveRetryPolicy,
  retryAfterDelay,
} from '../../src/api/http/retry-policy.js';

const headers = (record: Record<string, string>) => new Headers(record);

describe('retry policy', () => {
  it('grows exponentially up to maxDelay, with jitter taken off', () => {
    const policy = resolveRetryPolicy({ initialDelay: 100, maxDelay: 1000, jitter: 0.5 });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(policy, 3, () => 1)).toBe(200);
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 3)));
    expect(seen.size).toBeGreaterThan(1);
    for (const d of seen) expect(d).toBeGreaterThanOrEqual(200);
  });

  it('reads Retry-After as seconds, as a date, and retry-after-ms, cut to maxRetryAfter', () => {
    const policy = resolveRetryPolicy({ maxRetryAfter: 10_000 });
    expect(retryAfterDelay(policy, headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterDelay(policy, headers({ 'retry-after-ms': '150', 'retry-after': '9' }))).toBe(150);
    expect(retryAfterDelay(policy, headers({ 'retry-after': '600' }))).toBe(10_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterDelay(policy, headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(
      3000,
    );
    expect(retryAfterDelay(policy, headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterDelay(policy, headers({}))).toBeUndefined();
  });

  it('fills defaults and clamps nonsense', () => {
    expect(resolveRetryPolicy(undefined)).toEqual(DEFAULT_RETRY_POLICY);
    const policy = resolveRetryPolicy({ maxAttempts: 0, jitter: 7, initialDelay: Number.NaN });
    expect(policy.maxAttempts).toBe(1);
    expect(policy.jitter).toBe(1);
    expect(policy.initialDelay).toBe(DEFAULT_RETRY_POLICY.initialDelay);
  });
});
