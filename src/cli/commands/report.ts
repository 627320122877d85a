import { defineRemoteCommand, EXECUTION_ID } from '../platform/remote-command.js';

/** `qwak-batch execution report <id>`. */
export const reportCommand = defineRemoteCommand({
  name: 'report',
  description: "Print an execution's report: the platform's log lines of the run",
  positionals: [EXECUTION_ID],
  examples: ['qwak-batch execution report 5f1c... --environment acme'],
  call: (client, { positionals, io }) =>
    client.getExecutionReport(positionals['execution-id']!, { signal: io.signal }),
  render: (result) => (result as string[]).map((line) => `${line}\n`).join(''),
});
