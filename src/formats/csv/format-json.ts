import { Buffer } from 'node:buffer';
import {
  type Data,
  type Dictionary,
  type FixedSizeList,
  makeVector,
  type Struct,
  Type,
  type Union,
} from 'apache-arrow';
import { formatDictionary, formatUnion } from './format-indirect.js';
import { formatLeaf } from './format-leaf.js';
import { type ValidRows, validRows } from './valid-rows.js';

/** The types written as JSON text: their values hold other values. */
export function isNested(typeId: Type): boolean {
  return (
    typeId === Type.Struct ||
    typeId === Type.List ||
    typeId === Type.LargeList ||
    typeId === Type.FixedSizeList ||
    typeId === Type.Map
  );
}

/**
 * Writes the JSON text of each value of `data` into `out` (`null` for a null), with every value inside as
 * the CSV writer writes it at the top level: numbers as JSON numbers (int64 exact, float32 shortest),
 * `NaN` and the infinities as the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (JSON has no such
 * numbers), decimals as strings of their exact text (`"12.50"`: JSON parsers, DuckDB's among them, read a
 * number through a double), dates, times and timestamps as strings of their ISO text, binary as a base64
 * string, structs and maps as objects (a map's keys as their text), lists as arrays.
 */
export function formatJson(data: Data, out: string[]): void {
  const n = data.length;
  const valid = validRows(data);
  if (formatLeaf(data, out, valid)) {
    const typeId = data.typeId;
    const quoted = typeId === Type.Decimal || typeId === Type.Date || typeId === Type.Time;
    for (let i = 0; i < n; i++) {
      const text = out[i] as string;
      if (!valid(i)) out[i] = 'null';
      else if (quoted || typeId === Type.Timestamp || (typeId === Type.Float && !isFiniteText(text)))
        out[i] = `"${text}"`;
    }
    return;
  }
  switch (data.typeId) {
    case Type.Struct:
      formatStruct(data as Data<Struct>, out, valid);
      return;
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      const first = Number(offsets[0]);
      // arrow-js does not slice a list's child with it: the offsets point into the whole child.
      const items = sliceOf(data.children[0] as Data, first, Number(offsets[n]) - first);
      const join = data.typeId === Type.Map ? mapJoiner(items) : listJoiner(textsOf(items));
      for (let i = 0; i < n; i++)
        out[i] = valid(i) ? join(Number(offsets[i]) - first, Number(offsets[i + 1]) - first) : 'null';
      return;
    }
    case Type.FixedSizeList: {
      // arrow-js slices a fixed-size list's child with it: row i holds items i * size to (i + 1) * size.
      const size = (data.type as FixedSizeList).listSize;
      const join = listJoiner(textsOf(sliceOf(data.children[0] as Data, 0, n * size)));
      for (let i = 0; i < n; i++) out[i] = valid(i) ? join(i * size, (i + 1) * size) : 'null';
      return;
    }
    case Type.Union:
      formatUnion(data as Data<Union>, out, formatJson, 'null');
      return;
    case Type.Dictionary:
      formatDictionary(data as Data<Dictionary>, out, valid, formatJson, 'null');
      return;
  }
  const vector = makeVector(data);
  for (let i = 0; i < n; i++) out[i] = valid(i) ? jsonOf(vector.get(i)) : 'null';
}

/** Rows `start` to `start + length` of `data`. */
function sliceOf(data: Data, start: number, length: number): Data {
  return start === 0 && length === data.length ? data : data.slice(start, length);
}

/** The JSON text of each row of `data`. */
function textsOf(data: Data): string[] {
  const texts = new Array<string>(data.length);
  formatJson(data, texts);
  return texts;
}

/** `[a,b]` of the items from, to - 1. */
function listJoiner(items: string[]): (from: number, to: number) => string {
  return (from, to) => {
    let text = '[';
    for (let j = from; j < to; j++) text += j > from ? `,${items[j]}` : items[j];
    return `${text}]`;
  };
}

/**
 * `{"k":v}` of the entries from, to - 1 of a map (a struct of keys and values): a key that JSON does not
 * write as a string (a number, a boolean) as a string of its text, as object keys must be.
 */
function mapJoiner(entries: Data): (from: number, to: number) => string {
  const keys = textsOf(entries.children[0] as Data).map((k) => (k.startsWith('"') ? k : `"${k}"`));
  const values = textsOf(entries.children[1] as Data);
  return (from, to) => {
    let text = '{';
    for (let j = from; j < to; j++) text += `${j > from ? ',' : ''}${keys[j]}:${values[j]}`;
    return `${text}}`;
  };
}

function formatStruct(data: Data<Struct>, out: string[], valid: ValidRows): void {
  const n = data.length;
  // arrow-js slices a struct's children with it: row i of the struct is row i of each child.
  const names = data.type.children.map((f) => `${JSON.stringify(f.name)}:`);
  const columns = data.children.map((child) => textsOf(sliceOf(child, 0, n)));
  for (let i = 0; i < n; i++) {
    if (!valid(i)) {
      out[i] = 'null';
      continue;
    }
    let text = '{';
    for (let c = 0; c < columns.length; c++) {
      text += `${c > 0 ? ',' : ''}${names[c]}${(columns[c] as string[])[i]}`;
    }
    out[i] = `${text}}`;
  }
}

function isFiniteText(text: string): boolean {
  return text !== 'NaN' && text !== 'Infinity' && text !== '-Infinity';
}

/** The JSON of a value that arrow-js's `get` gives for the types without a buffer reader here. */
function jsonOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `"${value}"`;
  if (value instanceof Uint8Array) return `"${Buffer.from(value).toString('base64')}"`;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
}
