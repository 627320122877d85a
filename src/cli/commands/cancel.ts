import { defineRemoteCommand, EXECUTION_ID } from '../platform/remote-command.js';

/** `qwak-batch execution cancel <id>`. */
export const cancelCommand = defineRemoteCommand({
  name: 'cancel',
  description: 'Cancel a running execution',
  positionals: [EXECUTION_ID],
  examples: ['qwak-batch execution cancel 5f1c... --environment acme'],
  call: async (client, { positionals, io }) => {
    await client.cancelExecution(positionals['execution-id']!, { signal: io.signal });
    return { executionId: positionals['execution-id'], cancelled: true };
  },
  render: (_, { positionals }) => `cancelled ${positionals['execution-id']}\n`,
});
