import type { ExecutionSummary } from '../../api/results.js';
import { defineRemoteCommand } from '../platform/remote-command.js';
import { renderTable } from '../platform/render-value.js';

/** `qwak-batch execution list <model-id>`. */
export const listCommand = defineRemoteCommand({
  name: 'list',
  description: 'List the executions of a model',
  positionals: [
    { name: 'model-id', description: 'The model id, as displayed on the model header', required: true },
  ],
  flags: {
    'build-id': { type: 'string', valueName: '<id>', description: 'Only the executions of this build' },
  },
  examples: ['qwak-batch execution list churn --environment acme', 'qwak-batch execution list churn --json'],
  call: (client, { positionals, flags, io }) =>
    client.listExecutions(positionals['model-id']!, flags['build-id'] as string | undefined, {
      signal: io.signal,
    }),
  render: (result) =>
    renderTable(
      (result as ExecutionSummary[]).map((e) => ({
        executionId: e.executionId,
        status: e.status,
        buildId: e.buildId || undefined,
        started: e.startTime,
        ended: e.endTime,
        failure: e.failureMessage || undefined,
      })),
    ),
});
