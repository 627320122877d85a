import { ByteSink } from './byte-sink.js';

/** Thrift compact-protocol type codes (of fields and list elements). */
export const TType = {
  True: 1,
  False: 2,
  Byte: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  Double: 7,
  Binary: 8,
  List: 9,
  Struct: 12,
} as const;

/** One of {@link TType}. */
export type TType = (typeof TType)[keyof typeof TType];

/**
 * A Thrift compact-protocol encoder, just enough for the Parquet footer and page headers. Fields must be
 * written in increasing id order inside a struct (their id is delta-encoded against the previous one), as
 * every Parquet writer does. The reader side is ../reader/thrift-compact-reader.ts.
 */
export class CompactWriter {
  readonly sink: ByteSink;
  private lastId = 0;
  private readonly stack: number[] = [];

  constructor(sink: ByteSink = new ByteSink(256)) {
    this.sink = sink;
  }

  private field(id: number, type: number): void {
    const delta = id - this.lastId;
    if (delta > 0 && delta <= 15) this.sink.byte((delta << 4) | type);
    else {
      this.sink.byte(type);
      this.zigzag32(id);
    }
    this.lastId = id;
  }

  private zigzag32(value: number): void {
    this.sink.varint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  private zigzag64(value: bigint | number): void {
    if (typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) < 2 ** 52) {
      this.sink.varint(value >= 0 ? value * 2 : -value * 2 - 1);
      return;
    }
    let v = BigInt.asUintN(64, (BigInt(value) << 1n) ^ (BigInt(value) >> 63n));
    this.sink.reserve(10);
    while (v >= 0x80n) {
      this.sink.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.sink.byte(Number(v));
  }

  /** Starts a nested struct as field `id` (or a list element, when `id` is undefined). */
  beginStruct(id?: number): void {
    if (id !== undefined) this.field(id, TType.Struct);
    this.stack.push(this.lastId);
    this.lastId = 0;
  }

  /** Writes the STOP byte of the current struct. */
  endStruct(): void {
    this.sink.byte(0);
    this.lastId = this.stack.pop() ?? 0;
  }

  i16(id: number, value: number): void {
    this.field(id, TType.I16);
    this.zigzag32(value);
  }

  i32(id: number, value: number): void {
    this.field(id, TType.I32);
    this.zigzag32(value);
  }

  i64(id: number, value: number | bigint): void {
    this.field(id, TType.I64);
    this.zigzag64(value);
  }

  byte(id: number, value: number): void {
    this.field(id, TType.Byte);
    this.sink.byte(value & 0xff);
  }

  bool(id: number, value: boolean): void {
    this.field(id, value ? TType.True : TType.False);
  }

  binary(id: number, value: Uint8Array): void {
    this.field(id, TType.Binary);
    this.sink.varint(value.length);
    this.sink.append(value);
  }

  string(id: number, value: string): void {
    this.binary(id, new TextEncoder().encode(value));
  }

  /** Starts a list field of `size` elements of `elementType`; write the elements next (structs with beginStruct()). */
  list(id: number, elementType: TType, size: number): void {
    this.field(id, TType.List);
    if (size < 15) this.sink.byte((size << 4) | elementType);
    else {
      this.sink.byte(0xf0 | elementType);
      this.sink.varint(size);
    }
  }

  /** A list element of type I32 or I64. */
  element(value: number | bigint): void {
    this.zigzag64(value);
  }

  /** A list element of type bool: 1 for true, 2 for false (the compact protocol's bool type codes). */
  boolElement(value: boolean): void {
    this.sink.byte(value ? TType.True : TType.False);
  }

  /** A list element of type binary. */
  binaryElement(value: Uint8Array): void {
    this.sink.varint(value.length);
    this.sink.append(value);
  }
}
