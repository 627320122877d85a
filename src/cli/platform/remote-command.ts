import type { BatchJobManagerClient } from '../../api/client.js';
import { type CommandSpec, defineCommand, EXIT, type FlagSpec, type PositionalSpec } from '../command.js';
import type { CliIo } from '../io.js';
import { createPlatformClient, PLATFORM_FLAGS, platformFlags } from './create-client.js';
import { renderValue } from './render-value.js';

/** What a remote command's `call` receives. */
export interface RemoteCallContext {
  readonly positionals: Readonly<Record<string, string | undefined>>;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly io: CliIo;
}

/** What a remote command declares: its arguments, the client call, and how its result reads. */
export interface RemoteCommandOptions {
  readonly name: string;
  readonly description: string;
  readonly positionals: readonly PositionalSpec[];
  readonly flags?: Readonly<Record<string, FlagSpec>>;
  readonly examples: readonly string[];
  /** Calls the platform; an async iterable result is collected into a list. */
  readonly call: (
    client: BatchJobManagerClient,
    context: RemoteCallContext,
  ) => Promise<unknown> | AsyncIterable<unknown>;
  /** Checks the command's own flags (a UsageError names the bad one) before the client is built. */
  readonly checkFlags?: (context: RemoteCallContext) => void;
  /** Human output of the result; default: a generic rendering of the value. */
  readonly render?: (result: unknown, context: RemoteCallContext) => string;
}

/**
 * Declares a command that calls `BatchJobManagerClient` and prints the result (as JSON with `--json`). A
 * failure is an error on stderr and exit code 1 (for `wait`: the execution failed).
 */
export function defineRemoteCommand(options: RemoteCommandOptions): CommandSpec {
  return defineCommand({
    meta: { name: options.name, description: options.description, examples: options.examples },
    positionals: options.positionals,
    flags: { ...options.flags, ...PLATFORM_FLAGS } as Record<string, FlagSpec>,
    async run({ positionals, flags, io }) {
      const context: RemoteCallContext = { positionals, flags, io };
      // A bad value of the command's own flags is named before a missing address or credentials.
      options.checkFlags?.(context);
      const client = await createPlatformClient(platformFlags(flags), io, 'grpc');
      try {
        const result = await collect(options.call(client, context));
        if (flags.json) io.stdout.write(`${JSON.stringify(result ?? null, null, 2)}\n`);
        else io.stdout.write(options.render ? options.render(result, context) : renderValue(result));
        return EXIT.ok;
      } finally {
        // The gRPC channel keeps the process alive until it is closed.
        await client.close();
      }
    },
  });
}

async function collect(value: Promise<unknown> | AsyncIterable<unknown>): Promise<unknown> {
  if (value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const items: unknown[] = [];
    for await (const item of value as AsyncIterable<unknown>) items.push(item);
    return items;
  }
  return value;
}

/** The `<execution-id>` argument. */
export const EXECUTION_ID: PositionalSpec = {
  name: 'execution-id',
  description: 'The execution id that `execution start` printed',
  required: true,
};
