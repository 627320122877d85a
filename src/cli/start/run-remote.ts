import type { ExecutionConfig } from '../../config/execution-config.js';
import { EXIT } from '../command.js';
import type { CliIo } from '../io.js';
import { createPlatformClient, type PlatformFlags } from '../platform/create-client.js';
import { followOptions, type WaitTimes } from '../platform/follow-execution.js';
import { styleFor } from '../style.js';

/**
 * Starts `config` on the platform. Prints the execution id on stdout (alone, so that scripts can capture
 * it), or `{ "executionId": … }` with `--json`. With `wait` (the checked `--interval`), then follows it like
 * `execution wait`: a line per change on stderr, exit 1 (an ExecutionFailedError) when it failed; with
 * `--json` stdout then holds only the final status, as `execution wait --json` prints it.
 */
export async function runRemote(
  config: ExecutionConfig,
  flags: PlatformFlags & {
    readonly json: boolean;
    readonly wait: boolean;
    readonly times: WaitTimes;
  },
  io: CliIo,
): Promise<number> {
  const client = await createPlatformClient(flags, io, 'rest');
  const style = styleFor(io.stderr, io.env);
  try {
    const { executionId } = await client.startExecution(config, { signal: io.signal });
    if (!flags.wait) {
      if (flags.json) io.stdout.write(`${JSON.stringify({ executionId }, null, 2)}\n`);
      else {
        io.stdout.write(`${executionId}\n`);
        io.stderr.write(
          style.dim(
            `Started execution ${executionId}. Follow it: qwak-batch execution wait ${executionId}\n`,
          ),
        );
      }
      return EXIT.ok;
    }
    // With --json stdout holds one document, the final status; the id goes to stderr so it is not lost.
    if (flags.json) io.stderr.write(style.dim(`Started execution ${executionId}\n`));
    else io.stdout.write(`${executionId}\n`);
    const status = await client.waitForExecution(executionId, followOptions(io, flags.times));
    if (flags.json) io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return EXIT.ok;
  } finally {
    // The gRPC channel (used by the wait) keeps the process alive until it is closed.
    await client.close();
  }
}
