import { FormatError, PredictorError, QwakBatchError, StorageError, TaskError } from '../errors.js';
import type { WireError } from './worker-protocol.js';

/** Flattens an error for postMessage (our classes do not survive structured cloning with their fields). */
export function toWireError(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), stack: undefined, code: undefined };
  }
  const e = error as Error & Partial<FormatError>;
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    code: typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined,
    format: e instanceof FormatError ? e.format : undefined,
    file: typeof e.file === 'string' ? e.file : undefined,
    row: e.row,
    column: e.column,
    offset: e.offset,
    cause: e.cause !== undefined && depth < 4 ? toWireError(e.cause, depth + 1) : undefined,
  };
}

/**
 * Rebuilds an error sent by a worker as the same class of our tree, with the original message and stack.
 * Errors of the model's own code come back as plain `Error`s with their name and message.
 */
export function fromWireError(wire: WireError): Error {
  const cause = wire.cause ? fromWireError(wire.cause) : undefined;
  let error: Error;
  switch (classOf(wire)) {
    case 'FormatError':
      error = new FormatError(
        wire.format ?? 'unknown',
        wire.message,
        { file: wire.file, row: wire.row, column: wire.column, offset: wire.offset },
        { cause },
      );
      break;
    case 'PredictorError':
      error = new PredictorError(wire.message, { cause, file: wire.file });
      break;
    case 'TaskError':
      error = new TaskError(wire.file ?? 'unknown file', wire.message, { cause });
      break;
    case 'StorageError':
      error = new StorageError('read', wire.file ?? 'unknown', wire.message, { cause });
      break;
    default:
      error = wire.code
        ? new QwakBatchError(wire.message, { cause, code: wire.code })
        : new Error(wire.message, { cause });
      if (!wire.code) error.name = wire.name;
  }
  // Keep the worker's own message and stack: they say where the failure happened.
  Object.defineProperty(error, 'message', { value: wire.message, writable: true, configurable: true });
  if (wire.stack)
    Object.defineProperty(error, 'stack', { value: wire.stack, writable: true, configurable: true });
  return error;
}

/** The class to rebuild: by name, or by code when a bundler renamed the class (`_FormatError`). */
function classOf(wire: WireError): string {
  const byCode: Record<string, string> = {
    FORMAT_ERROR: 'FormatError',
    PREDICTOR_ERROR: 'PredictorError',
    TASK_FAILED: 'TaskError',
    STORAGE_ERROR: 'StorageError',
  };
  return (wire.code && byCode[wire.code]) ?? wire.name.replace(/^_+/, '');
}
