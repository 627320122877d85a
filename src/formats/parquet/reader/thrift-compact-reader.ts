/** Thrift compact-protocol wire types (the low nibble of a field header). */
export const T = {
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

/** One decoded Thrift value with its wire type, so that readers can insist on the type the spec declares. */
export type ThriftValue =
  | { readonly type: 1 | 2; readonly value: boolean }
  | { readonly type: 3 | 4 | 5 | 6; readonly value: number }
  | { readonly type: 7; readonly value: number }
  | { readonly type: 8; readonly value: Uint8Array }
  | { readonly type: 9 | 10; readonly element: number; readonly value: ThriftValue[] }
  | { readonly type: 11; readonly value: ThriftValue[] }
  | { readonly type: 12; readonly value: ThriftStruct };

/** A decoded struct: field id to value. */
export type ThriftStruct = Map<number, ThriftValue>;

/** Deeper nesting than any real footer or page header has; bounds the recursion on hostile input. */
const MAX_DEPTH = 32;

/**
 * A strict Thrift compact-protocol decoder over a byte range: every read is bounds-checked and throws a
 * RangeError past the end, so a corrupt footer or page header never yields values from outside it.
 * Integers wider than 2^53 lose precision; the reader only relies on counts, sizes and offsets.
 */
export class ThriftCompactReader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
    private readonly end: number,
  ) {}

  /** Reads one struct (the file footer or a page header) from the current position. */
  readStruct(depth = 0): ThriftStruct {
    if (depth > MAX_DEPTH) throw new RangeError('Thrift structure nests too deep');
    const fields: ThriftStruct = new Map();
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return fields;
      const type = header & 0x0f;
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag() : id + delta;
      if (fields.has(id)) throw new RangeError(`Thrift field ${id} repeated`);
      fields.set(id, this.value(type, depth + 1, true));
    }
  }

  private value(type: number, depth: number, inStruct: boolean): ThriftValue {
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        if (inStruct) return { type, value: type === T.TRUE };
        return { type: T.TRUE, value: this.byte() === 1 };
      case T.BYTE: {
        const b = this.byte();
        return { type, value: b > 127 ? b - 256 : b };
      }
      case T.I16:
      case T.I32:
      case T.I64:
        return { type, value: this.zigzag() };
      case T.DOUBLE: {
        this.need(8);
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
        this.pos += 8;
        return { type, value: v };
      }
      case T.BINARY: {
        const n = this.varint();
        this.need(n);
        const v = this.bytes.subarray(this.pos, this.pos + n);
        this.pos += n;
        return { type, value: v };
      }
      case T.LIST:
      case T.SET: {
        const header = this.byte();
        const size = header >> 4 === 15 ? this.varint() : header >> 4;
        const element = header & 0x0f;
        // Every element takes at least one byte: a size beyond the bytes left is corrupt.
        if (size > this.end - this.pos) throw new RangeError('Thrift list longer than its bytes');
        const value: ThriftValue[] = [];
        for (let i = 0; i < size; i++) value.push(this.value(element, depth + 1, false));
        return { type, element, value };
      }
      case T.MAP: {
        const size = this.varint();
        const value: ThriftValue[] = [];
        if (size === 0) return { type, value };
        const kinds = this.byte();
        if (size > this.end - this.pos) throw new RangeError('Thrift map longer than its bytes');
        for (let i = 0; i < size; i++) {
          value.push(this.value(kinds >> 4, depth + 1, false), this.value(kinds & 0x0f, depth + 1, false));
        }
        return { type, value };
      }
      case T.STRUCT:
        return { type, value: this.readStruct(depth + 1) };
      default:
        throw new RangeError(`unknown Thrift type ${type}`);
    }
  }

  private need(count: number): void {
    if (count < 0 || this.pos + count > this.end) throw new RangeError('Thrift data ends early');
  }

  private byte(): number {
    if (this.pos >= this.end) throw new RangeError('Thrift data ends early');
    return this.bytes[this.pos++] as number;
  }

  private varint(): number {
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * factor;
      if ((b & 0x80) === 0) return result;
      factor *= 128;
    }
    throw new RangeError('Thrift varint too long');
  }

  private zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
}
