import { QwakBatchError } from '../errors.js';
import { sanitizedCopy } from './sanitized-copy.js';

/**
 * Own keys an error may have and still be kept as a `cause` as it is: text and numbers that say what failed.
 * A cloud SDK's error has more (`response`, `config`, `$response`…), and through them its request: the
 * `Authorization` header (a GCS bearer token, an AWS signature), AWS's `x-amz-security-token`, the body.
 */
const PLAIN_KEYS = new Set<PropertyKey>(['message', 'stack', 'name', 'code', 'errno', 'syscall', 'cause']);

/** How deep a cause chain is checked; deeper chains are copied. */
const MAX_DEPTH = 4;

/** Copies made here: already safe, kept as they are when they pass by again. */
const copies = new WeakSet<object>();

const unchanged = (text: string) => text;

/** Options of {@link safeCause}. */
export interface SafeCauseOptions {
  /** Applied to every text of the copy; forces a copy. */
  readonly scrub?: (text: string) => string;
  /**
   * More fields of the original to copy when they are plain values or flat records of them (e.g. AWS's
   * `$metadata`, which holds the request id).
   */
  readonly keep?: readonly string[];
}

/**
 * What a storage adapter keeps as the `cause` of the error it throws for `error`: `error` itself when it
 * holds only text (an error from the caller's own data source, a plain Node error), else a copy with its
 * name, message, stack, status and error details but never its request, response or headers (see
 * {@link sanitizedCopy}), so that no token or key can be read from the error chain however it is printed.
 * See {@link SafeCauseOptions} for `scrub` and `keep`.
 */
export function safeCause(error: unknown, options: SafeCauseOptions = {}): unknown {
  if (!options.scrub && isPlain(error, 0)) return error;
  const scrub = options.scrub ?? unchanged;
  const copy = sanitizedCopy(error, scrub);
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  for (const key of options.keep ?? []) {
    const value = flatCopy(source[key], scrub);
    if (value !== undefined) (copy as unknown as Record<string, unknown>)[key] = value;
  }
  copies.add(copy);
  return copy;
}

/**
 * `error` (one of ours, made elsewhere in an adapter, e.g. around a credential provider) with its `cause`
 * replaced by {@link safeCause} of it; a cause that is one of ours gets the same treatment. The error is
 * changed in place: it is ours and not yet thrown.
 */
export function withSafeCause<T>(error: T, options: Pick<SafeCauseOptions, 'keep'> = {}, depth = 0): T {
  const record = error as { cause?: unknown } | null;
  if (typeof record !== 'object' || record === null || record.cause === undefined) return error;
  if (QwakBatchError.isInstance(record.cause)) {
    if (depth < MAX_DEPTH) withSafeCause(record.cause, options, depth + 1);
    return error;
  }
  const cause = safeCause(record.cause, options);
  if (cause !== record.cause) {
    Object.defineProperty(record, 'cause', {
      value: cause,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return error;
}

/** True for a primitive, a copy made here, or an object with {@link PLAIN_KEYS} only, holding plain values. */
function isPlain(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function';
  if (copies.has(value)) return true;
  if (depth > MAX_DEPTH) return false;
  return Reflect.ownKeys(value).every((key) => {
    if (!PLAIN_KEYS.has(key)) return false;
    const inner = Object.getOwnPropertyDescriptor(value, key);
    // V8 12.4+ (Node 22+) makes an error's own `stack` an accessor: read it, as for a plain value.
    if (key === 'stack' && inner?.get) return typeof (value as { stack?: unknown }).stack !== 'object';
    if (!inner || !('value' in inner)) return false;
    if (key === 'cause') return isPlain(inner.value, depth + 1);
    return typeof inner.value !== 'object' && typeof inner.value !== 'function';
  });
}

/** A primitive (strings scrubbed), or a record of the primitives of an object one level deep. */
function flatCopy(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string') out[key] = scrub(inner);
    else if (typeof inner === 'number' || typeof inner === 'boolean') out[key] = inner;
  }
  return out;
}
