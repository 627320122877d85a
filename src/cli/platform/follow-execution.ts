import type { PollErrorInfo, WaitForExecutionOptions } from '../../api/wait-for-execution.js';
import { APIConnectionError, UsageError } from '../../errors.js';
import { statusLine } from '../commands/status.js';
import type { CliIo } from '../io.js';
import { styleFor } from '../style.js';

/** The checked values of `--interval` and `--timeout`, in milliseconds. */
export interface WaitTimes {
  readonly pollInterval?: number | undefined;
  readonly timeout?: number | undefined;
}

/** `--interval` and `--timeout` (seconds) as milliseconds; a bad value is a UsageError naming the flag. */
export function waitTimes(flags: Readonly<Record<string, unknown>>): WaitTimes {
  return {
    pollInterval: flags.interval === undefined ? undefined : seconds(flags.interval, '--interval') * 1000,
    timeout: flags.timeout === undefined ? undefined : seconds(flags.timeout, '--timeout') * 1000,
  };
}

/**
 * The options of a wait that the CLI follows: a dim line on stderr per change of state or files done, and a
 * line per failed status poll, with what failed and when the next one is.
 */
export function followOptions(io: CliIo, times: WaitTimes): WaitForExecutionOptions {
  const style = styleFor(io.stderr, io.env);
  return {
    ...times,
    signal: io.signal,
    onProgress: (status) => io.stderr.write(style.dim(`${statusLine(status)}\n`)),
    onPollError: (info) => io.stderr.write(style.yellow(`${pollErrorLine(info)}\n`)),
  };
}

/**
 * `could not reach the platform (GetBatchJobStatus … failed: UNAVAILABLE: …); retrying in 10 s (1 of 5
 * failed checks in a row)`.
 */
export function pollErrorLine(info: PollErrorInfo): string {
  const what = APIConnectionError.isInstance(info.error)
    ? 'could not reach the platform'
    : 'the status check failed';
  return `${what} (${info.error.message}); retrying in ${duration(info.retryIn)} (${info.consecutiveErrors} of ${info.maxConsecutiveErrors} failed checks in a row)`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** A positive number of seconds from a flag's value. */
export function seconds(value: unknown, flag: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(String(value)) || n <= 0) {
    throw new UsageError(`${flag} must be a number of seconds > 0; got "${String(value)}"`);
  }
  return n;
}
