import { type Data, type DenseUnion, type Dictionary, type Union, UnionMode } from 'apache-arrow';
import type { ValidRows } from './valid-rows.js';

/** Writes the text of each value of `data` into `out`: the CSV field or the JSON text of a value. */
export type FormatValues = (data: Data, out: string[]) => void;

/**
 * Writes each value of a dictionary column as `format` writes its dictionary value (`nullText` for a
 * null): the dictionary is formatted once, then looked up.
 */
export function formatDictionary(
  data: Data<Dictionary>,
  out: string[],
  valid: ValidRows,
  format: FormatValues,
  nullText: string,
): void {
  const texts: string[] = [];
  for (const chunk of data.dictionary?.data ?? []) {
    const part = new Array<string>(chunk.length);
    format(chunk, part);
    texts.push(...part);
  }
  const keys = data.values as ArrayLike<number | bigint>;
  for (let i = 0; i < data.length; i++) out[i] = valid(i) ? (texts[Number(keys[i])] ?? nullText) : nullText;
}

/**
 * Writes each value of a union column as `format` writes it in the member column that holds it. A union
 * has no validity bitmap of its own: its nulls are its members', which `format` writes.
 */
export function formatUnion(data: Data<Union>, out: string[], format: FormatValues, nullText: string): void {
  const n = data.length;
  const typeIds = data.typeIds;
  const childOf = data.type.typeIdToChildIndex;
  // arrow-js slices a sparse union's members with it (row i is row i of its member), not a dense union's:
  // row i of a dense union is item offsets[i] of its member.
  const offsets = data.type.mode === UnionMode.Dense ? (data as Data<DenseUnion>).valueOffsets : undefined;
  const texts = data.children.map((child, c) => {
    let rows = n;
    if (offsets) {
      rows = 0;
      for (let i = 0; i < n; i++)
        if (childOf[typeIds[i] as number] === c) rows = Math.max(rows, (offsets[i] as number) + 1);
    }
    const part = rows === child.length ? child : child.slice(0, rows);
    const texts = new Array<string>(rows);
    format(part, texts);
    return texts;
  });
  for (let i = 0; i < n; i++) {
    const member = texts[childOf[typeIds[i] as number] as number];
    out[i] = member?.[offsets ? (offsets[i] as number) : i] ?? nullText;
  }
}
