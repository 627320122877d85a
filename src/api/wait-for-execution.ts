import { APITimeoutError, ExecutionFailedError } from '../errors.js';
import { throwIfAborted } from '../internal/abort.js';
import { sleep } from '../internal/sleep.js';
import { FAILURE_STATUSES } from './execution-status.js';
import type { ExecutionStatus } from './results.js';
import { checkWaitOptions, isTransientPollError } from './wait-options.js';

/** Options of {@link BatchJobManagerClient.waitForExecution}. */
export interface WaitForExecutionOptions {
  /** Stops waiting (the execution keeps running on the platform); rejects with an AbortError. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Time between two status polls, in milliseconds; a finite number >= 0, else a UsageError.
   * @default 10000 (as the platform's Python client)
   */
  readonly pollInterval?: number | undefined;
  /**
   * Longest wait, in milliseconds (a finite number > 0, else a UsageError); then rejects with an
   * APITimeoutError (the execution keeps running).
   * @default no limit
   */
  readonly timeout?: number | undefined;
  /**
   * How many status polls in a row may fail with a transient error (no answer, 429, 5xx, each after the
   * call's own retries) before the wait gives up and rejects with the last of those errors. Between failed
   * polls the pause doubles, from twice `pollInterval` up to 60 s. Other errors (401, 403, 404, a refusal)
   * reject at once. A whole number >= 1, else a UsageError.
   * @default 5
   */
  readonly maxConsecutiveErrors?: number | undefined;
  /** Called with each status that differs from the last one (state or finished files). */
  readonly onProgress?: ((status: ExecutionStatus) => void) | undefined;
  /**
   * Called after each status poll that failed with a transient error, before the pause that follows it (not
   * after the last one, whose error the wait rejects with). `error` is the poll's error (after the call's own
   * retries), `consecutiveErrors` the failed polls in a row (1 for the first), `maxConsecutiveErrors` the
   * limit, `retryIn` the milliseconds until the next poll.
   */
  readonly onPollError?:
    | ((info: {
        readonly error: Error;
        readonly consecutiveErrors: number;
        readonly maxConsecutiveErrors: number;
        readonly retryIn: number;
      }) => void)
    | undefined;
}

/** What {@link WaitForExecutionOptions.onPollError} receives about one failed status poll. */
export type PollErrorInfo = Parameters<NonNullable<WaitForExecutionOptions['onPollError']>>[0];

/** What the wait needs from the client. */
export interface ExecutionPoller {
  getExecutionStatus(id: string, options: { signal?: AbortSignal | undefined }): Promise<ExecutionStatus>;
  getExecutionReport(id: string, options: { signal?: AbortSignal | undefined }): Promise<string[]>;
}

/** Longest pause between polls after transient errors, in milliseconds. */
const MAX_ERROR_BACKOFF = 60_000;

/**
 * Polls until the execution ends. Resolves with the final status on FINISHED; rejects with
 * ExecutionFailedError (carrying the report lines) on FAILED, CANCELLED or TIMEOUT. Transient errors
 * (connection failures, 429, 5xx after the call's own retries) make it wait longer and poll again, up to
 * `maxConsecutiveErrors` failed polls in a row; then it rejects with the last error.
 */
export async function waitForExecution(
  poller: ExecutionPoller,
  executionId: string,
  options: WaitForExecutionOptions = {},
): Promise<ExecutionStatus> {
  const { interval, maxErrors } = checkWaitOptions(options);
  const deadline = options.timeout === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeout;
  const { signal } = options;
  let last: ExecutionStatus | undefined;
  let errorPause = interval;
  let failures = 0;
  let lastError: Error | undefined;
  let reached = false;
  const timedOut = () => timeoutError(executionId, options.timeout ?? 0, reached, failures, lastError);
  for (;;) {
    throwIfAborted(signal, `Waiting for execution ${executionId}`);
    let pause = interval;
    try {
      const status = await poller.getExecutionStatus(executionId, { signal });
      reached = true;
      failures = 0;
      lastError = undefined;
      errorPause = interval;
      if (!last || last.rawStatus !== status.rawStatus || last.finishedFiles !== status.finishedFiles) {
        last = status;
        options.onProgress?.(status);
      }
      if (status.status === 'finished') return status;
      if (FAILURE_STATUSES.includes(status.status)) {
        const report = await poller.getExecutionReport(executionId, { signal }).catch((error: unknown) => {
          if (signal?.aborted) throw error;
          return [`(the report could not be read: ${(error as Error).message})`];
        });
        throw new ExecutionFailedError(executionId, status.status, report);
      }
    } catch (error) {
      if (!isTransientPollError(error) || signal?.aborted) throw error;
      failures++;
      lastError = error as Error;
      if (failures >= maxErrors) throw error;
      errorPause = Math.min(MAX_ERROR_BACKOFF, Math.max(errorPause * 2, 1));
      pause = errorPause;
      const left = deadline - Date.now();
      // No report when the timeout has passed: there is no next poll, the timeout error follows.
      if (left > 0) {
        options.onPollError?.({
          error: lastError,
          consecutiveErrors: failures,
          maxConsecutiveErrors: maxErrors,
          retryIn: Math.min(pause, left),
        });
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) throw timedOut();
    await sleep(Math.min(pause, left), signal);
    if (Date.now() >= deadline) throw timedOut();
  }
}

/**
 * The error of a wait whose `timeout` passed. Only when the last poll answered is the execution known to be
 * running; otherwise the message says that its state is unknown, and `cause` is the last poll's error.
 */
function timeoutError(
  executionId: string,
  ms: number,
  reached: boolean,
  failures: number,
  lastError: Error | undefined,
): APITimeoutError {
  if (!lastError) {
    return new APITimeoutError(`Execution ${executionId} did not end within ${ms} ms (it keeps running)`);
  }
  const why = reached
    ? `the last ${failures === 1 ? 'status poll' : `${failures} status polls`} failed`
    : 'the platform could not be reached';
  return new APITimeoutError(
    `Waiting for execution ${executionId} gave up after ${ms} ms: ${why}, so its state is unknown (${lastError.message})`,
    { cause: lastError },
  );
}
