import type { ExecutionTask } from '../../api/results.js';
import { defineRemoteCommand, EXECUTION_ID } from '../platform/remote-command.js';
import { renderTable } from '../platform/render-value.js';

/** `qwak-batch execution tasks <id>`. */
export const tasksCommand = defineRemoteCommand({
  name: 'tasks',
  description: 'List the tasks of an execution: one per file, with status and record count',
  positionals: [EXECUTION_ID],
  examples: [
    'qwak-batch execution tasks 5f1c... --environment acme',
    'qwak-batch execution tasks 5f1c... --json',
  ],
  call: (client, { positionals, io }) =>
    client.listExecutionTasks(positionals['execution-id']!, { signal: io.signal }),
  render: (result) =>
    renderTable(
      (result as ExecutionTask[]).map((t) => ({
        file: t.fileName,
        status: t.status,
        records: t.records,
        started: t.startTime,
        ended: t.endTime,
        taskId: t.taskId,
      })),
    ),
});
