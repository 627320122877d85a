import type { ExecutionStatus } from '../../api/results.js';
import { UsageError } from '../../errors.js';
import { defineRemoteCommand, EXECUTION_ID } from '../platform/remote-command.js';
import { styleFor } from '../style.js';
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
  call: (client, { positionals, flags, io }) => {
    const style = styleFor(io.stderr, io.env);
    return client.waitForExecution(positionals['execution-id']!, {
      signal: io.signal,
      pollInterval: flags.interval === undefined ? undefined : seconds(flags.interval, '--interval') * 1000,
      timeout: flags.timeout === undefined ? undefined : seconds(flags.timeout, '--timeout') * 1000,
      onProgress: (status) => io.stderr.write(style.dim(`${statusLine(status)}\n`)),
    });
  },
  render: (result) => `${statusLine(result as ExecutionStatus)}\n`,
});

/** A positive number of seconds from a flag's value. */
export function seconds(value: unknown, flag: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(String(value)) || n <= 0) {
    throw new UsageError(`${flag} must be a number of seconds > 0; got "${String(value)}"`);
  }
  return n;
}
