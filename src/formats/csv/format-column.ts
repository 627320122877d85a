import { Buffer, isAscii } from 'node:buffer';
import { type Data, type Dictionary, makeVector, Type, type Union } from 'apache-arrow';
import { formatDictionary, formatUnion } from './format-indirect.js';
import { formatJson, isNested } from './format-json.js';
import { formatLeaf } from './format-leaf.js';
import { validRows } from './valid-rows.js';

/** Every character that the texts of {@link formatLeaf} can hold: a delimiter among them needs quotes. */
const LEAF_CHARACTERS = '0123456789+-.:TZeINafinitytruefals';

/**
 * Writes the CSV text of each value of `data` into `out` (quoted where needed, null as an empty field).
 * The common types read their buffers directly; lists, structs and maps are JSON text (see
 * {@link formatJson}); the rest go through `Vector.get`.
 */
export function formatColumn(data: Data, out: string[], needsQuotes: RegExp): void {
  const n = data.length;
  const valid = validRows(data);
  switch (data.typeId) {
    case Type.Utf8: {
      // apache-arrow slices the offsets buffer of a sliced Data, not the values.
      const offsets = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      // Only the bytes of this slice's values, decoded once when they are ASCII (the common case).
      const base = (offsets[0] as number) ?? 0;
      const top = (offsets[n] as number) ?? base;
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset + base, top - base);
      const ascii = isAscii(buf);
      const all = ascii ? buf.toString('latin1') : '';
      for (let i = 0; i < n; i++) {
        if (!valid(i)) {
          out[i] = '';
          continue;
        }
        const s = (offsets[i] as number) - base;
        const e = (offsets[i + 1] as number) - base;
        const text = ascii ? all.substring(s, e) : buf.toString('utf8', s, e);
        out[i] = quote(text, needsQuotes);
      }
      return;
    }
    case Type.Dictionary:
      formatDictionary(data as Data<Dictionary>, out, valid, (d, o) => formatColumn(d, o, needsQuotes), '');
      return;
    case Type.Union:
      formatUnion(data as Data<Union>, out, (d, o) => formatColumn(d, o, needsQuotes), '');
      return;
  }
  if (formatLeaf(data, out, valid)) {
    // Only a delimiter such as `.` or `:` can be inside a number, a date or a time.
    if (needsQuotes.test(LEAF_CHARACTERS))
      for (let i = 0; i < n; i++) out[i] = quoteValue(out[i], needsQuotes);
    return;
  }
  if (isNested(data.typeId)) {
    formatJson(data, out);
    for (let i = 0; i < n; i++) out[i] = valid(i) ? quote(out[i] as string, needsQuotes) : '';
    return;
  }
  const vector = makeVector(data);
  for (let i = 0; i < n; i++) {
    const value: unknown = valid(i) ? vector.get(i) : null;
    out[i] = value === null || value === undefined ? '' : quote(textOf(value), needsQuotes);
  }
}

/** The CSV field for a text: quoted when it holds a delimiter, a quote or a line end, or is empty. */
export function quote(text: string, needsQuotes: RegExp): string {
  if (text.length === 0) return '""';
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** {@link quote} for a value's text that is never empty: an empty one stands for a null and stays empty. */
function quoteValue(text: string | undefined, needsQuotes: RegExp): string {
  return text ? quote(text, needsQuotes) : '';
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
}
