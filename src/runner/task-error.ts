import { FormatError, TaskError, TaskTimeoutError } from '../errors.js';
import { messageOf } from '../predictors/load-predictor.js';

/** The ledger's error for a failed task: always a {@link TaskError}, its `cause` what went wrong. */
export function toTaskError(
  source: string,
  error: unknown,
  timeoutSeconds: number | undefined,
  cancelled: boolean,
) {
  if (error instanceof TaskError && error.file === source) return error;
  if (timeoutSeconds !== undefined) return new TaskTimeoutError(source, timeoutSeconds, { cause: error });
  const cause = error instanceof FormatError ? error.withFile(source) : error;
  if (!cancelled) return new TaskError(source, messageOf(cause), { cause });
  const stopped = new TaskError(source, 'cancelled', { cause, code: 'TASK_CANCELLED' });
  // TaskError says "failed: <reason>", but a file that the run stopped did not fail. Set before anything
  // reads `stack`, whose first line V8 writes from the message on first access.
  stopped.message = `Task for ${source} was cancelled (${messageOf(error)})`;
  return stopped;
}
