import * as errors from '../errors.js';
import type { WireError } from './worker-protocol.js';

const { FormatError, QwakBatchError } = errors;

/** Fields every error has; the rest of an SDK error's own fields travel in `fields`. */
const BASE_FIELDS = new Set(['name', 'message', 'stack', 'code', 'cause']);

/** Flattens an error for postMessage (our classes do not survive structured cloning with their fields). */
export function toWireError(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), stack: undefined, code: undefined };
  }
  const e = error as Error & Partial<InstanceType<typeof FormatError>>;
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
    fields: error instanceof QwakBatchError ? ownFields(error) : undefined,
  };
}

/**
 * Rebuilds an error sent by a worker as the same class of our tree (so `instanceof` and `isInstance` work),
 * with its fields and the original message and stack. Errors of the model's own code come back as plain
 * `Error`s with their name and message.
 */
export function fromWireError(wire: WireError): Error {
  const cause = wire.cause ? fromWireError(wire.cause) : undefined;
  const Class = sdkClass(wire);
  let error: Error;
  if (Class) {
    // The base constructor with `new.target` = the class: it sets the name, the code and the class markers;
    // the subclass's own fields come from the wire, as the worker had them.
    error = Reflect.construct(QwakBatchError, [wire.message, { cause, code: wire.code }], Class) as Error;
    Object.assign(error, wire.fields ?? {});
  } else {
    error = new Error(wire.message, cause === undefined ? undefined : { cause });
    error.name = wire.name;
  }
  // Keep the worker's own message and stack: they say where the failure happened.
  Object.defineProperty(error, 'message', { value: wire.message, writable: true, configurable: true });
  if (wire.stack)
    Object.defineProperty(error, 'stack', { value: wire.stack, writable: true, configurable: true });
  return error;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** The class of our tree named by the wire (a bundler may prefix names with `_`), if any. */
function sdkClass(wire: WireError): ErrorClass | undefined {
  const name = wire.name.replace(/^_+/, '');
  const candidate = (errors as Record<string, unknown>)[name];
  if (typeof candidate !== 'function') return wire.code ? QwakBatchError : undefined;
  const proto = (candidate as { prototype?: unknown }).prototype;
  return proto === QwakBatchError.prototype || proto instanceof QwakBatchError
    ? (candidate as ErrorClass)
    : undefined;
}

/** The own enumerable fields of an SDK error beyond the base ones, when they can be cloned. */
function ownFields(error: Error): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (BASE_FIELDS.has(key)) continue;
    if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value))
      out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      out[key] = [...value];
    }
  }
  return Object.keys(out).length ? out : undefined;
}
