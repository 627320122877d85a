import { afterEach, describe, expect, it, vi } from 'vitest';
import { timeoutController } from '../../src/internal/abort.js';

describe('timeoutController', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires after a delay longer than setTimeout takes (2^31 - 1 ms), not at once', () => {
    vi.useFakeTimers();
    const days30 = 30 * 24 * 3600 * 1000;
    const timeout = timeoutController(days30, () => new Error('late'));
    vi.advanceTimersByTime(1_000);
    expect(timeout.signal.aborted).toBe(false);
    vi.advanceTimersByTime(2 ** 31);
    expect(timeout.signal.aborted).toBe(false);
    vi.advanceTimersByTime(days30 - 2 ** 31 - 1_000);
    expect(timeout.signal.aborted).toBe(true);
    expect((timeout.signal.reason as Error).message).toBe('late');
  });

  it('fires once at its time, and never after clear()', () => {
    vi.useFakeTimers();
    const fired = timeoutController(500, () => 'r');
    const cleared = timeoutController(500, () => 'r');
    cleared.clear();
    vi.advanceTimersByTime(499);
    expect(fired.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(fired.signal.aborted).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(cleared.signal.aborted).toBe(false);
  });
});
