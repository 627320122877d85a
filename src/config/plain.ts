/** True for `{}`-style objects and class instances of the config (not arrays, dates, null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A copy of `value` with `undefined` fields dropped, so that `toObject()` output is minimal and YAML-safe. */
export function compact<T extends object>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as Partial<T>;
}

/** `source_bucket` → `sourceBucket`, so that configs written for the Python client load too. */
export function camelKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Copies the keys of one section in camelCase; values are kept as they are. */
export function camelizeKeys(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[camelKey(key)] = v;
  return out;
}
