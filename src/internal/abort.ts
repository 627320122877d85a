import { AbortError, QwakBatchError } from '../errors.js';

/** Throws an {@link AbortError} carrying the signal's reason when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'The operation'): void {
  if (signal?.aborted) throw toAbortError(signal, what);
}

/**
 * The error to throw for a fired signal: its reason when that is one of our errors that says why it stopped
 * (a JobTimeoutError, TaskTimeoutError, JobError, APITimeoutError), else an AbortError naming `what`, with the
 * reason as `cause`. Any other reason becomes an AbortError too: a DOMException (`AbortSignal.timeout()`'s
 * TimeoutError, `controller.abort()`'s AbortError), a Node error with a `code`, a plain Error, a string. Our
 * own AbortError (e.g. the CLI's "interrupted (Ctrl-C)") is wrapped as well, so the message names `what`.
 */
export function toAbortError(signal: AbortSignal, what = 'The operation'): Error {
  const reason: unknown = signal.reason;
  if (QwakBatchError.isInstance(reason) && !AbortError.isInstance(reason)) return reason;
  return new AbortError(`${what} was aborted`, { cause: reason });
}

/**
 * One signal that fires when any of `signals` fires. `undefined` entries are skipped. Uses
 * `AbortSignal.any`, which releases its listeners when the combined signal is collected.
 */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return present[0]!;
  return AbortSignal.any(present);
}

/**
 * A controller that aborts itself with `reason()` after `ms` milliseconds; call `clear()` in `finally`. The
 * timer keeps the process alive: a timeout is a promise that the operation ends, even when what it waits on
 * (a model's pending promise) holds nothing open itself.
 */
export function timeoutController(
  ms: number,
  reason: () => unknown,
): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const due = Date.now() + ms;
  let timer: ReturnType<typeof setTimeout>;
  // Node fires a delay past 2^31 - 1 ms (about 24.8 days) at once, so a longer timeout waits in steps.
  const arm = (left: number) => {
    timer = setTimeout(
      () => {
        const rest = due - Date.now();
        if (rest > 0) arm(rest);
        else controller.abort(reason());
      },
      Math.min(left, MAX_TIMER_MS),
    );
  };
  arm(ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** The longest delay `setTimeout` takes as given. */
const MAX_TIMER_MS = 2 ** 31 - 1;
