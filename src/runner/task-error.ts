import { FormatError, TaskError, TaskTimeoutError } from '../errors.js';
import { messageOf } from '../predictors/load-predictor.js';

/** The ledger's error for a failed task: always a {@link TaskError}, its `cause` what went wrong. */
export function toTaskError(
  source: string,
  error: unknown,
  timeoutSeconds: number | undefined,
  cancelled: boolean,
  /** What stopped the run, when `cancelled`: the run signal's reason, which the message gives. */
  stoppedBy?: unknown,
) {
  if (error instanceof TaskError && error.file === source) return error;
  if (timeoutSeconds !== undefined) return new TaskTimeoutError(source, timeoutSeconds, { cause: error });
  const cause = error instanceof FormatError ? error.withFile(source) : error;
  if (!cancelled) return new TaskError(source, messageOf(cause), { cause });
  const stopped = new TaskError(source, 'cancelled', { cause, code: 'TASK_CANCELLED' });
  // TaskError says "failed: <reason>", but a file that the run stopped did not fail. Set before anything
  // reads `stack`, whose first line V8 writes from the message on first access.
  // The run's reason ("terminated (SIGTERM)", "Stopped after 1 failed file(s)") says why; the task's own error
  // is mostly Node's "The operation was aborted" from whatever it was waiting on, and stays the cause.
  stopped.message = `Task for ${source} was cancelled (${messageOf(stoppedBy ?? error)})`;
  return stopped;
}
