import { APIConnectionError, APIStatusError, ExecutionFailedError } from '../errors.js';
import { throwIfAborted } from '../internal/abort.js';
import { sleep } from '../internal/sleep.js';
import { FAILURE_STATUSES } from './execution-status.js';
import type { ExecutionStatus } from './results.js';

/** Options of {@link BatchJobManagerClient.waitForExecution}. */
export interface WaitForExecutionOptions {
  /** Stops waiting (the execution keeps running on the platform); rejects with an AbortError. */
  readonly signal?: AbortSignal | undefined;
  /** Time between two status polls, in milliseconds. @default 10000 (as the platform's Python client) */
  readonly pollInterval?: number | undefined;
  /**
   * Longest wait, in milliseconds; then rejects with an APITimeoutError (the execution keeps running).
   * @default no limit
   */
  readonly timeout?: number | undefined;
  /** Called with each status that differs from the last one (state or finished files). */
  readonly onProgress?: ((status: ExecutionStatus) => void) | undefined;
}

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
 * (connection failures, 429, 5xx after the call's own retries) make it wait longer and poll again.
 */
export async function waitForExecution(
  poller: ExecutionPoller,
  executionId: string,
  options: WaitForExecutionOptions = {},
  timeoutError: (ms: number) => Error,
): Promise<ExecutionStatus> {
  const interval = Math.max(0, options.pollInterval ?? 10_000);
  const deadline = options.timeout === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeout;
  const { signal } = options;
  let last: ExecutionStatus | undefined;
  let errorPause = interval;
  for (;;) {
    throwIfAborted(signal, `Waiting for execution ${executionId}`);
    let pause = interval;
    try {
      const status = await poller.getExecutionStatus(executionId, { signal });
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
      if (!isTransient(error) || signal?.aborted) throw error;
      errorPause = Math.min(MAX_ERROR_BACKOFF, Math.max(errorPause * 2, 1));
      pause = errorPause;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw timeoutError(options.timeout ?? 0);
    await sleep(Math.min(pause, left), signal);
    if (Date.now() >= deadline) throw timeoutError(options.timeout ?? 0);
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  return error instanceof APIStatusError && (error.status === 429 || error.status >= 500);
}
