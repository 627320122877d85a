import type { ExecutionStatus } from '../../api/results.js';
import { defineRemoteCommand, EXECUTION_ID } from '../platform/remote-command.js';

/** `qwak-batch execution status <id>`. */
export const statusCommand = defineRemoteCommand({
  name: 'status',
  description: 'Show the status of an execution and how many files it finished',
  positionals: [EXECUTION_ID],
  examples: [
    'qwak-batch execution status 5f1c... --environment acme',
    'qwak-batch execution status 5f1c... --json',
  ],
  call: (client, { positionals, io }) =>
    client.getExecutionStatus(positionals['execution-id']!, { signal: io.signal }),
  render: (result) => `${statusLine(result as ExecutionStatus)}\n`,
});

/** `job-1  running  2/3 files (BATCH_JOB_RUNNING_STATUS)`. */
export function statusLine(status: ExecutionStatus): string {
  return `${status.executionId}  ${status.status}  ${status.finishedFiles}/${status.totalFiles} files (${status.rawStatus})`;
}
