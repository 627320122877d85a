import type { BatchJobManagerClient } from '../../api/client.js';
import { type CommandSpec, defineCommand, EXIT, type FlagSpec, type PositionalSpec } from '../command.js';
import type { CliIo } from '../io.js';
import { createPlatformClient, PLATFORM_FLAGS } from './create-client.js';
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
      const client = await createPlatformClient(
        {
          environment: flags.environment as string | undefined,
          baseUrl: flags['base-url'] as string | undefined,
          grpcUrl: flags['grpc-url'] as string | undefined,
        },
        io,
      );
      const context: RemoteCallContext = { positionals, flags, io };
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
