import { AbortError, ConfigError, QwakBatchError, UsageError } from '../errors.js';
import { EXIT } from './command.js';
import type { CliIo } from './io.js';
import { styleFor } from './style.js';

/** Exit code for Ctrl-C, as shells report a process ended by SIGINT. */
const EXIT_INTERRUPTED = 130;

/** The exit code an error leads to: 2 for a wrong command line or configuration, 1 for a failure. */
export function exitCodeOf(error: unknown): number {
  if (UsageError.isInstance(error) || error instanceof ConfigError) return EXIT.usage;
  if (AbortError.isInstance(error)) return EXIT_INTERRUPTED;
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
  const code = exitCodeOf(error);
  const known = QwakBatchError.isInstance(error);
  const message = error instanceof Error ? error.message : String(error);
  const prefix = style.red(code === EXIT.usage ? 'qwak-batch: usage error:' : 'qwak-batch: error:');
  io.stderr.write(`${prefix} ${known || code !== EXIT.failed ? message : `unexpected ${describe(error)}`}\n`);
  if (code === EXIT.usage && options.helpHint) io.stderr.write(`${style.dim(options.helpHint)}\n`);
  if (options.debug) {
    let current: unknown = error;
    for (let depth = 0; current !== undefined && depth < 8; depth++) {
      const text = current instanceof Error ? (current.stack ?? current.message) : String(current);
      io.stderr.write(`${depth === 0 ? '' : 'Caused by: '}${text}\n`);
      current = current instanceof Error ? current.cause : undefined;
    }
  } else if (!known && code === EXIT.failed) {
    io.stderr.write(`${style.dim('Run again with --debug for the stack.')}\n`);
  }
  return code;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : `error: ${String(error)}`;
}
