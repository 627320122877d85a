/** The state of an execution, normalized from the platform's `BatchJobStatusMessage`. */
export type ExecutionStatusName =
  | 'committed'
  | 'pending'
  | 'running'
  | 'finished'
  | 'failed'
  | 'cancelled'
  | 'timeout'
  | 'undefined';

/** The state of one task (one file), normalized from `BatchTaskStatusMessage` (`PENDING_START` → `pending`). */
export type TaskStatusName = ExecutionStatusName;

/** States in which an execution is still going. */
export const IN_PROGRESS_STATUSES: readonly ExecutionStatusName[] = Object.freeze([
  'committed',
  'pending',
  'running',
]);
/** States in which an execution ended without success. */
export const FAILURE_STATUSES: readonly ExecutionStatusName[] = Object.freeze([
  'failed',
  'cancelled',
  'timeout',
]);

const KNOWN = new Set<string>([
  'committed',
  'pending',
  'running',
  'finished',
  'failed',
  'cancelled',
  'timeout',
]);

/** `BATCH_JOB_RUNNING_STATUS` → `running`; anything unknown → `undefined`. */
export function normalizeJobStatus(raw: string): ExecutionStatusName {
  const match = /^BATCH_JOB_([A-Z_]+)_STATUS$/.exec(raw);
  const name = match?.[1]?.toLowerCase();
  return name && KNOWN.has(name) ? (name as ExecutionStatusName) : 'undefined';
}

/** `BATCH_TASK_PENDING_START_STATUS` → `pending`; anything unknown → `undefined`. */
export function normalizeTaskStatus(raw: string): TaskStatusName {
  const match = /^BATCH_TASK_([A-Z_]+)_STATUS$/.exec(raw);
  const name = match?.[1]?.toLowerCase().replace(/_start$/, '');
  return name && KNOWN.has(name) ? (name as TaskStatusName) : 'undefined';
}
