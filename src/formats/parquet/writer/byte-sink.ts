/**
 * A growable byte buffer that encoders append to. Every encoder of the JS writer appends into one of these
 * rather than building many small arrays: a page is assembled in a sink, then compressed from it.
 */
export class ByteSink {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Makes room for `more` bytes past `length`. */
  reserve(more: number): void {
    const need = this.length + more;
    if (need <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < need) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  append(source: Uint8Array): void {
    this.reserve(source.length);
    this.bytes.set(source, this.length);
    this.length += source.length;
  }

  /** Unsigned LEB128 of a non-negative integer up to 2^53. */
  varint(value: number): void {
    this.reserve(10);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  /** Little-endian 32-bit integer. */
  int32(value: number): void {
    this.reserve(4);
    const b = this.bytes;
    const at = this.length;
    b[at] = value;
    b[at + 1] = value >>> 8;
    b[at + 2] = value >>> 16;
    b[at + 3] = value >>> 24;
    this.length += 4;
  }

  /** Drops the content, keeping the memory. */
  clear(): void {
    this.length = 0;
  }

  /** The content, as a view (valid until the next append). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** The content, as a copy of its own. */
  copy(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
