import type { Table, Type, Vector } from 'apache-arrow';

/**
 * Plain, comparable rows of a table: bigints and 64-bit values as strings, typed arrays and Arrow vectors as
 * arrays, struct and map rows as objects, NaN as the string "NaN" (so that NaN equals NaN in `toEqual`).
 */
export function canonicalRows(table: Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((_, i) => table.getChildAt(i) as Vector);
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    names.forEach((name, i) => {
      row[name] = canonical(columns[i]?.get(r));
    });
    rows.push(row);
  }
  return rows;
}

/** The canonical form of one value (see {@link canonicalRows}). */
export function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '-0' : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Array.from(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, canonical);
  if (Array.isArray(value)) return value.map(canonical);
  const v = value as { toArray?: () => unknown; toJSON?: () => unknown; type?: { typeId?: Type } };
  if (typeof v.toJSON === 'function' && typeof v.toArray !== 'function') return canonical(v.toJSON());
  if (typeof v.toArray === 'function' && v.type?.typeId !== undefined) {
    return Array.from(value as Iterable<unknown>, canonical);
  }
  if (typeof v.toJSON === 'function') return canonical(v.toJSON());
  if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return Array.from(value as Iterable<unknown>, canonical);
  }
  return Object.fromEntries(Object.entries(value as object).map(([k, x]) => [k, canonical(x)]));
}

/** Field names and type names of a table's schema, e.g. `id: Int64`. */
export function schemaOf(table: Table): string[] {
  return table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`);
}
