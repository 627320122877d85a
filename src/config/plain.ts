export { camelizeKeys, camelKey } from './camel-sections.js';
export { isPlainObject } from './is-plain-object.js';

/** A copy of `value` with `undefined` fields dropped, so that `toObject()` output is minimal and YAML-safe. */
export function compact<T extends object>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as Partial<T>;
}
