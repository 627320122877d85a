import type { ExecutionStatus } from '../../api/results.js';
import { followOptions, waitTimes } from '../platform/follow-execution.js';
import { defineRemoteCommand, EXECUTION_ID } from '../platform/remote-command.js';
import { statusLine } from './status.js';

/** `qwak-batch execution wait <id>`: exit 0 when it finished, 1 when it failed, was cancelled or timed out. */
export const waitCommand = defineRemoteCommand({
  name: 'wait',
  description: 'Wait until an execution ends; exit 1 when it failed, was cancelled or timed out',
  positionals: [EXECUTION_ID],
  flags: {
    interval: {
      type: 'string',
      valueName: '<seconds>',
      description: 'Seconds between status checks (default: 10)',
    },
    timeout: {
      type: 'string',
      valueName: '<seconds>',
      description: 'Give up after this many seconds (default: none)',
    },
  },
  examples: [
    'qwak-batch execution wait 5f1c... --environment acme && echo done',
    'qwak-batch execution wait 5f1c... --interval 30 --timeout 3600',
  ],
  checkFlags: ({ flags }) => {
    waitTimes(flags);
  },
  call: (client, { positionals, flags, io }) =>
    client.waitForExecution(positionals['execution-id']!, followOptions(io, waitTimes(flags))),
  render: (result) => `${statusLine(result as ExecutionStatus)}\n`,
});
