import type { ExecutionConfig } from '../../config/execution-config.js';
import { EXIT } from '../command.js';
import { statusLine } from '../commands/status.js';
import { seconds } from '../commands/wait.js';
import type { CliIo } from '../io.js';
import { createPlatformClient, type PlatformFlags } from '../platform/create-client.js';
import { styleFor } from '../style.js';

/**
 * Starts `config` on the platform. Prints the execution id on stdout (alone, so that scripts can capture
 * it), or `{ "executionId": … }` with `--json`. With `wait`, then follows it like `execution wait`: a line
 * per change on stderr, exit 1 (an ExecutionFailedError) when it failed.
 */
export async function runRemote(
  config: ExecutionConfig,
  flags: PlatformFlags & {
    readonly json: boolean;
    readonly wait: boolean;
    readonly interval?: string | undefined;
  },
  io: CliIo,
): Promise<number> {
  const client = await createPlatformClient(flags, io);
  const style = styleFor(io.stderr, io.env);
  try {
    const { executionId } = await client.startExecution(config, { signal: io.signal });
    if (flags.json) io.stdout.write(`${JSON.stringify({ executionId }, null, 2)}\n`);
    else io.stdout.write(`${executionId}\n`);
    if (!flags.wait) {
      if (!flags.json) {
        io.stderr.write(
          style.dim(
            `Started execution ${executionId}. Follow it: qwak-batch execution wait ${executionId}\n`,
          ),
        );
      }
      return EXIT.ok;
    }
    await client.waitForExecution(executionId, {
      signal: io.signal,
      pollInterval: flags.interval === undefined ? undefined : seconds(flags.interval, '--interval') * 1000,
      onProgress: (status) => io.stderr.write(style.dim(`${statusLine(status)}\n`)),
    });
    return EXIT.ok;
  } finally {
    // The gRPC channel (used by the wait) keeps the process alive until it is closed.
    await client.close();
  }
}
