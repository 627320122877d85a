import { inspect } from 'node:util';
import { expect } from 'vitest';

/** One way of showing an error: what a person, a log line or a logger's serializer would print. */
export interface Exposure {
  /** e.g. `message`, `inspect`, `JSON of cause.cause.response`. */
  readonly where: string;
  readonly text: string;
}

/** JSON of `value` as a logger would write it: cycles become "[Circular]", a failing toJSON its message. */
function json(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, inner: unknown) => {
        if (typeof inner === 'bigint') return inner.toString();
        if (typeof inner === 'object' && inner !== null) {
          if (seen.has(inner)) return '[Circular]';
          seen.add(inner);
        }
        return inner;
      }) ?? ''
    );
  } catch (error) {
    return `JSON failed: ${String((error as Error)?.message ?? error)}`;
  }
}

/**
 * Every way `error` can be shown: its message and stack, `String()`, `util.inspect` with unbounded depth and
 * hidden properties, and the JSON of every own property (enumerable or not, as pino or winston would serialize
 * `err.cause`) of each error along the cause chain (`cause`, and `errors` of an AggregateError), cycles
 * included.
 */
export function exposures(error: unknown): Exposure[] {
  const out: Exposure[] = [
    { where: 'String()', text: String(error) },
    { where: 'inspect', text: inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }) },
    { where: 'console.log', text: inspect(error) },
  ];
  const seen = new Set<unknown>();
  const pending: { value: unknown; path: string }[] = [{ value: error, path: 'error' }];
  while (pending.length > 0) {
    const { value, path } = pending.shift() as { value: unknown; path: string };
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const record = value as Record<PropertyKey, unknown>;
    out.push(
      { where: `${path}.message`, text: String(record.message ?? '') },
      { where: `${path}.stack`, text: String(record.stack ?? '') },
      { where: `JSON of ${path}`, text: json(value) },
    );
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor || !('value' in descriptor)) continue;
      out.push({ where: `JSON of ${path}.${String(key)}`, text: json(descriptor.value) });
    }
    pending.push({ value: record.cause, path: `${path}.cause` });
    if (Array.isArray(record.errors)) {
      record.errors.forEach((inner, i) => {
        pending.push({ value: inner, path: `${path}.errors[${i}]` });
      });
    }
  }
  return out;
}

/** Asserts that no secret (each at least 8 characters) can be read from `error` in any of its {@link exposures}. */
export function expectNoSecret(error: unknown, secrets: Readonly<Record<string, string>>): void {
  expect(error).toBeInstanceOf(Error);
  const shown = exposures(error);
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    expect(secret.length, `the ${name} is long enough to be told apart`).toBeGreaterThanOrEqual(8);
    for (const { where, text } of shown) if (text.includes(secret)) leaks.push(`${name} in ${where}`);
  }
  expect(leaks, 'secrets reachable from the error').toEqual([]);
}
