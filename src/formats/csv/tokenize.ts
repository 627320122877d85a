import { TextDecoder } from 'node:util';
import { FormatError } from '../../errors.js';

/** Field flag: the field was quoted. */
export const QUOTED = 1;
/** Field flag: the quoted field holds doubled quotes (`""`) that stand for one quote. */
export const ESCAPED = 2;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The fields of a CSV file as byte ranges into its buffer, row-major. Storing offsets instead of strings
 * is what makes typed-column building fast: numbers are parsed straight from the bytes and strings are
 * copied byte for byte into the Arrow value buffer.
 */
export interface CsvFields {
  readonly bytes: Uint8Array;
  readonly header: readonly string[];
  readonly rows: number;
  readonly columns: number;
  /** Start byte of field `row * columns + column`. */
  readonly starts: Uint32Array;
  /** End byte (exclusive) of each field. */
  readonly ends: Uint32Array;
  /** {@link QUOTED} and {@link ESCAPED} bits of each field. */
  readonly flags: Uint8Array;
}

/**
 * Splits a CSV buffer into fields (RFC 4180: quoted fields with doubled quotes and embedded newlines, CRLF
 * or LF or CR line ends, a UTF-8 byte order mark). The first row is the header. Blank lines are skipped
 * unless the file has one column, where a blank line is a null value. A row with another field count than
 * the header is an error naming the row.
 */
export function tokenize(bytes: Uint8Array, delimiter: number, file: string | undefined): CsvFields {
  const n = bytes.length;
  const stops = new Uint8Array(256);
  stops[delimiter] = 1;
  stops[LF] = 1;
  stops[CR] = 1;
  let pos = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (pos >= n) throw new FormatError('csv', 'the file is empty: no header row', { file, offset: 0 });

  // Capacity from the density of fields in the first 64 KB, so that the arrays rarely grow (each growth
  // copies them all).
  let cap = estimateFields(bytes, pos, delimiter);
  let starts = new Uint32Array(cap);
  let ends = new Uint32Array(cap);
  let flags = new Uint8Array(cap);
  let count = 0; // fields stored
  let headerColumns = -1;
  let rows = -1; // the header is row -1 so that data rows count from 0
  let rowFieldStart = 0;

  const grow = (): void => {
    cap *= 2;
    const s = new Uint32Array(cap);
    s.set(starts);
    starts = s;
    const e = new Uint32Array(cap);
    e.set(ends);
    ends = e;
    const f = new Uint8Array(cap);
    f.set(flags);
    flags = f;
  };

  while (pos < n) {
    // One field.
    let start: number;
    let end: number;
    let flag = 0;
    if (bytes[pos] === QUOTE) {
      const open = pos;
      flag = QUOTED;
      start = ++pos;
      for (;;) {
        const q = bytes.indexOf(QUOTE, pos);
        if (q < 0) {
          throw new FormatError('csv', 'a quoted field is not closed before the end of the file', {
            file,
            row: rows + 1 >= 0 ? rows + 1 : undefined,
            offset: open,
          });
        }
        if (bytes[q + 1] === QUOTE) {
          flag |= ESCAPED;
          pos = q + 2;
          continue;
        }
        end = q;
        pos = q + 1;
        break;
      }
      const next = pos < n ? bytes[pos] : LF;
      if (next !== delimiter && next !== LF && next !== CR) {
        throw new FormatError(
          'csv',
          'unexpected character after a closing quote (a quote inside a field must be doubled)',
          {
            file,
            row: rows + 1 >= 0 ? rows + 1 : undefined,
            offset: pos,
          },
        );
      }
    } else {
      start = pos;
      while (pos < n && stops[bytes[pos] as number] === 0) pos++;
      end = pos;
    }
    if (count === cap) grow();
    starts[count] = start;
    ends[count] = end;
    flags[count] = flag;
    count++;

    // What ends the field: a delimiter (another field follows), a line end or the end of the file.
    const c = pos < n ? bytes[pos] : LF;
    if (c === delimiter) {
      pos++;
      if (pos === n) {
        // A trailing delimiter at the very end: one more, empty, field.
        if (count === cap) grow();
        starts[count] = pos;
        ends[count] = pos;
        flags[count] = 0;
        count++;
      } else continue;
    } else if (c === CR) {
      pos += bytes[pos + 1] === LF ? 2 : 1;
    } else {
      pos++;
    }

    // End of a row.
    const fields = count - rowFieldStart;
    if (headerColumns < 0) {
      headerColumns = fields;
      rows = 0;
      rowFieldStart = count;
      continue;
    }
    if (
      fields === 1 &&
      headerColumns !== 1 &&
      starts[count - 1] === ends[count - 1] &&
      flags[count - 1] === 0
    ) {
      count--; // a blank line
      continue;
    }
    if (fields !== headerColumns) {
      throw new FormatError(
        'csv',
        `the row has ${fields} field${fields === 1 ? '' : 's'} where the header has ${headerColumns}`,
        { file, row: rows + 1, offset: starts[rowFieldStart] },
      );
    }
    rows++;
    rowFieldStart = count;
  }

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const header = [] as string[];
  for (let i = 0; i < headerColumns; i++) {
    header.push(fieldText(bytes, starts[i] as number, ends[i] as number, flags[i] as number, decoder));
  }
  return {
    bytes,
    header,
    rows,
    columns: headerColumns,
    starts: starts.subarray(headerColumns, count),
    ends: ends.subarray(headerColumns, count),
    flags: flags.subarray(headerColumns, count),
  };
}

/** The text of one field, with doubled quotes undone. */
export function fieldText(
  bytes: Uint8Array,
  start: number,
  end: number,
  flag: number,
  decoder: TextDecoder,
): string {
  const text = decoder.decode(bytes.subarray(start, end));
  return flag & ESCAPED ? text.replaceAll('""', '"') : text;
}

function estimateFields(bytes: Uint8Array, from: number, delimiter: number): number {
  const sample = Math.min(bytes.length, from + 65536);
  let stops = 1;
  for (let i = from; i < sample; i++) {
    const c = bytes[i];
    if (c === delimiter || c === LF) stops++;
  }
  const estimate = Math.ceil(((stops * (bytes.length - from)) / Math.max(1, sample - from)) * 1.05) + 16;
  return Math.min(estimate, 2 ** 31 - 1);
}
