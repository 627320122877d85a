import { APIConnectionError, APIStatusError, UsageError } from '../errors.js';
import type { WaitForExecutionOptions } from './wait-for-execution.js';

/** Failed status polls in a row that a wait accepts unless told otherwise. */
export const DEFAULT_MAX_CONSECUTIVE_ERRORS = 5;

/**
 * The checked numbers of a wait's options: `pollInterval` (finite, >= 0), `timeout` (finite, > 0) and
 * `maxConsecutiveErrors` (a whole number >= 1). A wrong value is a UsageError naming the option.
 */
export function checkWaitOptions(options: WaitForExecutionOptions): { interval: number; maxErrors: number } {
  const { pollInterval, timeout, maxConsecutiveErrors } = options;
  if (pollInterval !== undefined && !(Number.isFinite(pollInterval) && pollInterval >= 0)) {
    throw new UsageError(`pollInterval must be a number of milliseconds >= 0, got ${String(pollInterval)}`);
  }
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new UsageError(`timeout must be a positive number of milliseconds, got ${String(timeout)}`);
  }
  if (
    maxConsecutiveErrors !== undefined &&
    !(Number.isInteger(maxConsecutiveErrors) && maxConsecutiveErrors >= 1)
  ) {
    throw new UsageError(
      `maxConsecutiveErrors must be a whole number >= 1, got ${String(maxConsecutiveErrors)}`,
    );
  }
  return {
    interval: pollInterval ?? 10_000,
    maxErrors: maxConsecutiveErrors ?? DEFAULT_MAX_CONSECUTIVE_ERRORS,
  };
}

/**
 * Whether a failed poll may succeed when tried again: no answer (APIConnectionError, a timeout included),
 * 429, or a 5xx other than 501 (gRPC UNIMPLEMENTED, which stays so).
 */
export function isTransientPollError(error: unknown): boolean {
  if (APIConnectionError.isInstance(error)) return true;
  return (
    APIStatusError.isInstance(error) &&
    (error.status === 429 || (error.status >= 500 && error.status !== 501))
  );
}
