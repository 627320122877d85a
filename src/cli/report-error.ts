import { inspect } from 'node:util';
import { AbortError, ConfigError, QwakBatchError, UsageError } from '../errors.js';
import { EXIT } from './command.js';
import type { CliIo } from './io.js';
import { cliMessage } from './output/cli-message.js';
import { STOP_SIGNALS, stopExitCode } from './stop-signals.js';
import { styleFor } from './style.js';

/**
 * The exit code an error leads to: 2 for a wrong command line or configuration, 1 for a failure, and for an
 * abort the code of the signal that stopped the command (`signal`'s reason): 143 for SIGTERM, else 130.
 */
export function exitCodeOf(error: unknown, signal?: AbortSignal): number {
  if (UsageError.isInstance(error) || error instanceof ConfigError) return EXIT.usage;
  if (AbortError.isInstance(error)) return stopExitCode(signal) ?? STOP_SIGNALS.SIGINT;
  return EXIT.failed;
}

/**
 * Writes `error` to stderr: its message without a stack (a ConfigError's message lists one problem per line),
 * or with `debug` the stack and the chain of causes. Messages of qwak-batch errors never hold secrets.
 */
export function reportError(
  error: unknown,
  io: CliIo,
  options: { debug: boolean; helpHint?: string },
): number {
  const style = styleFor(io.stderr, io.env);
  const code = exitCodeOf(error, io.signal);
  const known = QwakBatchError.isInstance(error);
  const message = cliMessage(error);
  const prefix = style.red(code === EXIT.usage ? 'qwak-batch: usage error:' : 'qwak-batch: error:');
  io.stderr.write(`${prefix} ${known || code !== EXIT.failed ? message : `unexpected ${describe(error)}`}\n`);
  if (code === EXIT.usage && options.helpHint) io.stderr.write(`${style.dim(options.helpHint)}\n`);
  if (options.debug) {
    let current: unknown = error;
    for (let depth = 0; current !== undefined && depth < 8; depth++) {
      const text = current instanceof Error ? (current.stack ?? current.message) : describeCause(current);
      io.stderr.write(`${depth === 0 ? '' : 'Caused by: '}${text}\n`);
      current = current instanceof Error ? current.cause : undefined;
    }
  } else if (!known && code === EXIT.failed) {
    io.stderr.write(`${style.dim('Run again with --debug for the stack.')}\n`);
  }
  return code;
}

/**
 * A cause that is not an Error, readably: an object (the gRPC status of a failed call: `grpcCode`,
 * `grpcStatus`, `details`) with its fields, not `[object Object]`.
 */
function describeCause(cause: unknown): string {
  if (typeof cause !== 'object' || cause === null) return String(cause);
  return inspect(cause, { depth: 4, breakLength: Number.POSITIVE_INFINITY, colors: false });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : `error: ${String(error)}`;
}
