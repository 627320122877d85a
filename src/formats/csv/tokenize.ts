import { TextDecoder } from 'node:util';
import { FormatError } from '../../errors.js';
import { lineAt } from './line-at.js';

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
  /** Index in the file of the first data row here (0 unless tokenized in blocks), for error messages. */
  readonly firstRow: number;
  /** Byte where tokenizing stopped: the start of the next block, or the end of the file. */
  readonly next: number;
}

/** Where {@link tokenize} starts and stops, to split a file in blocks of rows. */
export interface TokenizeRange {
  /** Byte to start at: 0 for the header, else the `next` of the block before. */
  readonly from: number;
  /** Field count of the header, when it was read already (then `from` is at a data row). */
  readonly columns?: number | undefined;
  /** Stop after this many data rows (0: the header alone). Default: the whole file. */
  readonly maxRows?: number | undefined;
  /** Index of the first data row, for error messages. Default 0. */
  readonly firstRow?: number | undefined;
  /**
   * The fields of the block before, whose arrays are reused (overwritten) when large enough: built columns
   * keep no reference to them, and fresh arrays per block would pile up until the next garbage collection.
   */
  readonly reuse?: CsvFields | undefined;
}

/**
 * Splits a CSV buffer into fields (RFC 4180: quoted fields with doubled quotes and embedded newlines, CRLF
 * or LF or CR line ends, a UTF-8 byte order mark). The first row is the header. Blank lines are skipped
 * unless the file has one column, where a blank line is a null value. A row with another field count than
 * the header is an error naming the row.
 */
export function tokenize(
  bytes: Uint8Array,
  delimiter: number,
  file: string | undefined,
  range: TokenizeRange = { from: 0 },
): CsvFields {
  const n = bytes.length;
  const withHeader = range.columns === undefined;
  const maxRows = range.maxRows ?? Number.POSITIVE_INFINITY;
  const firstRow = range.firstRow ?? 0;
  let pos = range.from;
  if (withHeader) {
    if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) pos = 3;
    if (pos >= n) throw new FormatError('csv', 'the file is empty: no header row', { file, offset: 0 });
  }

  // Capacity from the density of fields in the first 64 KB, so that the arrays rarely grow (each growth
  // copies them all); no more than a block of rows needs.
  let cap = Math.min(
    estimateFields(bytes, pos, delimiter),
    (Math.min(maxRows, 2 ** 31) + 1) * Math.max(range.columns ?? 1, 1) + 16,
  );
  const old = range.reuse;
  const reuse = old !== undefined && old.starts.buffer.byteLength >= cap * 4;
  if (reuse) cap = old.starts.buffer.byteLength / 4;
  let starts = reuse ? new Uint32Array(old.starts.buffer) : new Uint32Array(cap);
  let ends = reuse ? new Uint32Array(old.ends.buffer) : new Uint32Array(cap);
  let flags = reuse ? new Uint8Array(old.flags.buffer) : new Uint8Array(cap);
  if (reuse) flags.fill(0); // flags are written for quoted fields only
  let count = 0; // fields stored
  let headerColumns = range.columns ?? -1;
  let rows = withHeader ? -1 : 0; // the header is row -1 so that data rows count from 0
  let rowFieldStart = 0;
  let lastStop = n - 1; // the last delimiter or line end (-1: none)
  while (lastStop >= pos && !isStop(bytes[lastStop] as number, delimiter)) lastStop--;

  while (pos < n) {
    // One field; `c` becomes the byte that ends it (LF at the end of the file).
    let start: number;
    let end: number;
    let c = bytes[pos] as number;
    if (c === QUOTE) {
      const open = pos;
      start = ++pos;
      for (;;) {
        const q = bytes.indexOf(QUOTE, pos);
        if (q < 0) {
          throw new FormatError('csv', 'a quoted field is not closed before the end of the file', {
            file,
            row: firstRow + rows + 1,
            line: lineAt(bytes, open),
            offset: open,
          });
        }
        if (bytes[q + 1] === QUOTE) {
          flags[count] = QUOTED | ESCAPED;
          pos = q + 2;
          continue;
        }
        end = q;
        pos = q + 1;
        break;
      }
      c = pos < n ? (bytes[pos] as number) : LF;
      if (c !== delimiter && c !== LF && c !== CR) {
        throw new FormatError(
          'csv',
          'unexpected character after a closing quote (a quote inside a field must be doubled)',
          {
            file,
            row: firstRow + rows + 1,
            line: lineAt(bytes, pos),
            offset: pos,
          },
        );
      }
      flags[count] = (flags[count] as number) | QUOTED;
    } else {
      start = pos;
      // Compared, not looked up in a table: most bytes are above CR and not the delimiter. Before the last
      // stop byte of the file a stop is sure to come, so that the end of the file need not be checked.
      if (pos < lastStop) {
        while (c > CR ? c !== delimiter : c !== LF && c !== CR && c !== delimiter) c = bytes[++pos] as number;
      } else {
        while (c > CR ? c !== delimiter : c !== LF && c !== CR && c !== delimiter) {
          if (++pos === n) {
            c = LF;
            break;
          }
          c = bytes[pos] as number;
        }
      }
      end = pos;
    }
    starts[count] = start;
    ends[count] = end;
    count++;
    if (count === cap) {
      // Grown here, not in a closure: a closure assigning these would move them into a heap context,
      // and every access in this loop would go through it (measured ~2x slower tokenizing).
      cap *= 2;
      starts = grown32(starts, cap);
      ends = grown32(ends, cap);
      flags = grown8(flags, cap);
    }

    // What ends the field: a delimiter (another field follows), a line end or the end of the file.
    if (c === delimiter) {
      pos++;
      if (pos === n) {
        // A trailing delimiter at the very end: one more, empty, field.
        starts[count] = pos;
        ends[count] = pos;
        count++;
        if (count === cap) {
          cap *= 2;
          starts = grown32(starts, cap);
          ends = grown32(ends, cap);
          flags = grown8(flags, cap);
        }
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
      if (maxRows === 0) break;
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
        {
          file,
          row: firstRow + rows + 1,
          line: lineAt(bytes, starts[rowFieldStart] as number),
          offset: starts[rowFieldStart],
        },
      );
    }
    rows++;
    rowFieldStart = count;
    if (rows === maxRows) break;
  }

  // The rest is another function: code after a long loop has never run when V8 compiles the loop on the fly
  // (on-stack replacement), so it has no type feedback and is left to the interpreter; keep it out of here.
  return fieldsOf(bytes, withHeader, headerColumns, rows, starts, ends, flags, count, firstRow, pos);
}

function fieldsOf(
  bytes: Uint8Array,
  withHeader: boolean,
  headerColumns: number,
  rows: number,
  starts: Uint32Array,
  ends: Uint32Array,
  flags: Uint8Array,
  count: number,
  firstRow: number,
  next: number,
): CsvFields {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const header = [] as string[];
  for (let i = 0; withHeader && i < headerColumns; i++) {
    header.push(fieldText(bytes, starts[i] as number, ends[i] as number, flags[i] as number, decoder));
  }
  const skip = withHeader ? headerColumns : 0;
  return {
    bytes,
    header,
    rows,
    columns: headerColumns,
    starts: starts.subarray(skip, count),
    ends: ends.subarray(skip, count),
    flags: flags.subarray(skip, count),
    firstRow,
    next,
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

function isStop(c: number, delimiter: number): boolean {
  return c === delimiter || c === LF || c === CR;
}

function grown32(array: Uint32Array, cap: number): Uint32Array {
  const next = new Uint32Array(cap);
  next.set(array);
  return next;
}

function grown8(array: Uint8Array, cap: number): Uint8Array {
  const next = new Uint8Array(cap);
  next.set(array);
  return next;
}

function estimateFields(bytes: Uint8Array, from: number, delimiter: number): number {
  const n = bytes.length;
  const sample = Math.min(n, from + 65536);
  let stops = 1;
  for (let i = from; i < sample; i++) {
    const c = bytes[i];
    if (c === delimiter || c === LF) stops++;
  }
  return estimateFrom(stops, n - from, sample - from);
}

function estimateFrom(stops: number, length: number, sampled: number): number {
  const estimate = Math.ceil(((stops * length) / Math.max(1, sampled)) * 1.05) + 16;
  return Math.min(estimate, 2 ** 31 - 1);
}
