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
  const reason = cancelled ? `cancelled (${messageOf(error)})` : messageOf(cause);
  return new TaskError(source, reason, { cause, code: cancelled ? 'TASK_CANCELLED' : undefined });
}
