/** What {@link readFooterCounts} finds in a footer. */
export interface FooterCounts {
  readonly rows: number;
  readonly rowGroups: number;
}

/**
 * Counts the rows and row groups of a Parquet file from its footer (the Thrift compact-encoded FileMetaData), without
 * WebAssembly: parquet-wasm 0.8 has no synchronous way to ask, its async `ParquetFile` never settles when the
 * reader panics on a malformed file, and asking `readParquet` for a row group past the last one panics too.
 * Returns `undefined` when the footer cannot be read this way; the caller then reads the file whole and lets
 * the real reader report what is wrong.
 */
export function readFooterCounts(bytes: Uint8Array): FooterCounts | undefined {
  const n = bytes.byteLength;
  if (n < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const length = view.getUint32(n - 8, true);
  if (length < 2 || length > n - 12) return undefined;
  try {
    return readCounts(new CompactReader(bytes, n - 8 - length, n - 8));
  } catch {
    return undefined;
  }
}

/** The number of row groups in a Parquet file's footer; see {@link readFooterCounts}. */
export function countRowGroups(bytes: Uint8Array): number | undefined {
  return readFooterCounts(bytes)?.rowGroups;
}

/** FileMetaData field 3: `i64 num_rows`. */
const NUM_ROWS_FIELD = 3;
/** FileMetaData field 4: `list<RowGroup> row_groups`. */
const ROW_GROUPS_FIELD = 4;
const I64 = 6;
const LIST = 9;
/** Deeper nesting than any real footer has; bounds the recursion on hostile input. */
const MAX_DEPTH = 32;

function readCounts(reader: CompactReader): FooterCounts | undefined {
  let fieldId = 0;
  let rows: number | undefined;
  for (;;) {
    const header = reader.byte();
    if (header === 0) return undefined; // STOP: no row_groups field
    const type = header & 0x0f;
    const delta = header >> 4;
    fieldId = delta === 0 ? reader.zigzag() : fieldId + delta;
    if (fieldId === NUM_ROWS_FIELD && type === I64) {
      rows = reader.zigzag();
    } else if (fieldId === ROW_GROUPS_FIELD && type === LIST) {
      // Fields are written in id order: num_rows (required) came first.
      return rows === undefined ? undefined : { rows, rowGroups: reader.listHeader().size };
    } else {
      reader.skip(type, 0);
    }
  }
}

class CompactReader {
  constructor(
    private readonly bytes: Uint8Array,
    private pos: number,
    private readonly end: number,
  ) {}

  byte(): number {
    if (this.pos >= this.end) throw new RangeError('footer ends early');
    return this.bytes[this.pos++]!;
  }

  varint(): number {
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * factor;
      if ((b & 0x80) === 0) return result;
      factor *= 128;
    }
    throw new RangeError('varint too long');
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  listHeader(): { size: number; type: number } {
    const header = this.byte();
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    return { size, type: header & 0x0f };
  }

  advance(count: number): void {
    if (count < 0 || this.pos + count > this.end) throw new RangeError('footer ends early');
    this.pos += count;
  }

  /** Skips one list, set or map element: there a bool takes a byte (in a struct it is in the field header). */
  element(type: number, depth: number): void {
    if (type === 1 || type === 2) this.advance(1);
    else this.skip(type, depth);
  }

  /** Skips one value of a compact-protocol type. */
  skip(type: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new RangeError('footer nests too deep');
    switch (type) {
      case 1: // bool true (in a struct field header)
      case 2: // bool false
        return;
      case 3: // byte
        this.advance(1);
        return;
      case 4: // i16
      case 5: // i32
      case 6: // i64
        this.varint();
        return;
      case 7: // double
        this.advance(8);
        return;
      case 8: // binary
        this.advance(this.varint());
        return;
      case 9: // list
      case 10: {
        // set
        const { size, type: element } = this.listHeader();
        for (let i = 0; i < size; i++) this.element(element, depth + 1);
        return;
      }
      case 11: {
        // map
        const size = this.varint();
        if (size === 0) return;
        const kinds = this.byte();
        for (let i = 0; i < size; i++) {
          this.element(kinds >> 4, depth + 1);
          this.element(kinds & 0x0f, depth + 1);
        }
        return;
      }
      case 12: // struct
        for (;;) {
          const header = this.byte();
          if (header === 0) return;
          if (header >> 4 === 0) this.zigzag();
          this.skip(header & 0x0f, depth + 1);
        }
      default:
        throw new RangeError(`unknown Thrift type ${type}`);
    }
  }
}
