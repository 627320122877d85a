// Copies of third-party errors that hold nothing but text: what the storage adapters keep as a `cause`.

/** Keys of an SDK error (or of its parsed error body) worth keeping: none holds a URL, a header or a token. */
const KEPT_KEYS = ['code', 'status', 'statusText', 'reason', 'domain', 'errno', 'syscall', 'errors'] as const;

/** How deep {@link sanitizedCopy} follows `cause` and `errors`: SDK errors nest one or two levels. */
const MAX_DEPTH = 4;

/**
 * A copy of an SDK error with every text scrubbed, to keep as a `cause` in place of the original (which is
 * left untouched: it is the SDK's object). The copy is an `Error` with the original's name, message and stack,
 * its `status` (the HTTP status, when known), the {@link KEPT_KEYS} and a sanitized `cause`; not its request
 * config, response or headers, which hold the session URI and the request's credentials.
 */
export function sanitizedCopy(error: unknown, scrub: (text: string) => string, depth = 0): Error {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message = scrub(typeof source.message === 'string' ? source.message : String(error));
  const copy = new Error(message);
  // Some SDK classes (gaxios 6's GaxiosError) keep the name 'Error': their class name says more.
  const ctor = (source.constructor as { name?: unknown } | undefined)?.name;
  const named = typeof source.name === 'string' && source.name !== 'Error' ? source.name : undefined;
  const name = named ?? (typeof ctor === 'string' && ctor !== 'Object' && ctor !== '' ? ctor : 'Error');
  Object.defineProperty(copy, 'name', { value: name, writable: true, configurable: true, enumerable: false });
  // The original frames say where the SDK failed; an object without a stack gets none rather than ours.
  const stack = typeof source.stack === 'string' ? scrub(source.stack) : `${name}: ${message}`;
  Object.defineProperty(copy, 'stack', {
    value: stack,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  const target = copy as unknown as Record<string, unknown>;
  for (const key of KEPT_KEYS) {
    if (key in source) target[key] = plainCopy(source[key], scrub, depth + 1);
  }
  const response = source.response as { status?: unknown } | undefined;
  const status =
    typeof response?.status === 'number'
      ? response.status
      : typeof source.code === 'number'
        ? source.code
        : undefined;
  if (status !== undefined && typeof target.status !== 'number') target.status = status;
  if (source.cause !== undefined && depth < MAX_DEPTH) {
    Object.defineProperty(copy, 'cause', {
      value: sanitizedCopy(source.cause, scrub, depth + 1),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return copy;
}

/** Primitives as they are (strings scrubbed), arrays and objects by {@link KEPT_KEYS} and `message`. */
function plainCopy(value: unknown, scrub: (text: string) => string, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (depth > MAX_DEPTH || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return value.map((item) => plainCopy(item, scrub, depth + 1));
  if (value instanceof Error) return sanitizedCopy(value, scrub, depth);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['message', ...KEPT_KEYS]) {
    if (key in source) out[key] = plainCopy(source[key], scrub, depth + 1);
  }
  return out;
}
