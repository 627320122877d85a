import { Buffer } from 'node:buffer';
import type { Table } from 'apache-arrow';
import { throwIfAborted } from '../read-input.js';
import { formatColumn, quote } from './format-column.js';

/** Rows formatted per step: small enough that the intermediate strings die young (see below). */
const SLICE_ROWS = 512;

/**
 * Writes a table as CSV: a header row, fields quoted only where needed, nulls as empty fields, timestamps
 * in ISO-8601 (with `Z` when the column has a zone), `\n` line ends, UTF-8 without a byte order mark.
 */
export function writeCsv(table: Table, delimiter: string, signal: AbortSignal | undefined): Uint8Array {
  const needsQuotes = new RegExp(`[\\r\\n"${delimiter.replace(/[\\\]^-]/g, '\\$&')}]`);
  const names = table.schema.fields.map((f) => f.name);
  const chunks: Buffer[] = [
    Buffer.from(`${names.map((n) => quote(n, needsQuotes)).join(delimiter)}\n`, 'utf8'),
  ];
  const columns = names.length;
  const texts = names.map(() => [] as string[]);
  for (const batch of table.batches) {
    for (let start = 0; start < batch.numRows; start += SLICE_ROWS) {
      throwIfAborted(signal);
      const slice = batch.slice(start, Math.min(batch.numRows, start + SLICE_ROWS));
      const rows = slice.numRows;
      for (let c = 0; c < columns; c++) {
        const out = texts[c] as string[];
        out.length = rows;
        const child = slice.data.children[c];
        if (child) formatColumn(child, out, needsQuotes);
      }
      // One string per slice, encoded once: small slices keep these strings in the young generation,
      // which measured 2.5x faster than formatting 64K rows at a time (old-generation GC).
      let text = '';
      const first = texts[0] as string[];
      for (let r = 0; r < rows; r++) {
        let line = first[r] as string;
        for (let c = 1; c < columns; c++) line += delimiter + ((texts[c] as string[])[r] as string);
        text += `${line}\n`;
      }
      chunks.push(Buffer.from(text, 'utf8'));
    }
  }
  return Buffer.concat(chunks);
}
