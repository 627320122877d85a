/**
 * Dense byte-array values of one column chunk being read: Arrow-style offsets (one per value plus one) and
 * a growing data buffer. Offsets are Int32, as in Arrow's Utf8 and Binary; past 2 GiB the builder throws.
 */
export class ByteArrayBuilder {
  /** `offsets[i]` is where value i starts; `offsets[count]` the end of the data. */
  offsets: Int32Array;
  data: Uint8Array;
  count = 0;
  /**
   * Set by decoders when a byte >= 0x80 may have been written since the caller cleared it: values that
   * are all ASCII need no UTF-8 check.
   */
  sawHighBit = true;

  constructor(capacity: number, dataCapacity: number) {
    this.offsets = new Int32Array(capacity + 1);
    this.data = new Uint8Array(Math.max(16, dataCapacity));
  }

  /** Bytes of data written so far. */
  get size(): number {
    return this.offsets[this.count] as number;
  }

  /** Makes room for `values` more values and `bytes` more bytes of data. */
  reserve(values: number, bytes: number): void {
    if (this.count + values + 1 > this.offsets.length) {
      const next = new Int32Array(Math.max(this.offsets.length * 2, this.count + values + 1));
      next.set(this.offsets.subarray(0, this.count + 1));
      this.offsets = next;
    }
    const need = this.size + bytes;
    if (need > 0x7fffffff) throw new RangeError('byte-array column chunk over 2 GiB');
    if (need > this.data.length) {
      const next = new Uint8Array(Math.min(0x7fffffff, Math.max(this.data.length * 2, need)));
      next.set(this.data.subarray(0, this.size));
      this.data = next;
    }
  }
}
