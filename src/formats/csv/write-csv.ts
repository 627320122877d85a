import { Buffer } from 'node:buffer';
import type { Table } from 'apache-arrow';
import { throwIfAborted } from '../read-input.js';
import { formatColumn, quote } from './format-column.js';

/** Rows formatted per step: bounds the memory of the intermediate strings. */
const SLICE_ROWS = 65536;

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
      const lines = new Array<string>(rows);
      if (columns === 1) {
        const only = texts[0] as string[];
        for (let r = 0; r < rows; r++) lines[r] = only[r] as string;
      } else {
        for (let r = 0; r < rows; r++) {
          let line = (texts[0] as string[])[r] as string;
          for (let c = 1; c < columns; c++) line += delimiter + ((texts[c] as string[])[r] as string);
          lines[r] = line;
        }
      }
      chunks.push(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
    }
  }
  return Buffer.concat(chunks);
}
