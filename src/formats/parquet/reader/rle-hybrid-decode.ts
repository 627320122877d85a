/**
 * Decodes `count` values of the Parquet RLE / bit-packing hybrid encoding from `buf[pos, end)` into
 * `out[outPos…]`, and returns the position after the last run read. Throws a RangeError when the runs end
 * before `count` values, or a run or value is malformed. A final bit-packed run may stop at the last byte
 * that holds a needed value (some writers trim its padding, and arrow-rs reads such runs).
 */
export function decodeRleHybrid(
  buf: Uint8Array,
  pos: number,
  end: number,
  bitWidth: number,
  count: number,
  out: Int32Array | Uint8Array,
  outPos: number,
): number {
  if (bitWidth < 0 || bitWidth > 32) throw new RangeError(`RLE bit width ${bitWidth} out of range`);
  if (end > buf.length) throw new RangeError('RLE data past its buffer');
  const valueBytes = (bitWidth + 7) >>> 3;
  const mask = bitWidth === 32 ? 0xffffffff : (1 << bitWidth) - 1;
  const max = bitWidth === 32 ? 0xffffffff : mask;
  let done = 0;
  while (done < count) {
    // Run header: a ULEB128 varint.
    let header = 0;
    let shift = 1;
    for (;;) {
      if (pos >= end) throw new RangeError('RLE data ends before its values');
      const b = buf[pos++] as number;
      header += (b & 0x7f) * shift;
      if (b < 0x80) break;
      shift *= 128;
      if (shift > 2 ** 35) throw new RangeError('RLE run header too long');
    }
    if (header % 2 === 0) {
      const run = header / 2;
      if (run === 0) throw new RangeError('empty RLE run');
      if (pos + valueBytes > end) throw new RangeError('RLE value past the end');
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += (buf[pos + i] as number) * 2 ** (8 * i);
      pos += valueBytes;
      if (value > max) throw new RangeError('RLE value wider than its bit width');
      const n = Math.min(run, count - done);
      out.fill(value, outPos + done, outPos + done + n);
      done += n;
    } else {
      const groups = (header - 1) / 2;
      if (groups === 0) throw new RangeError('empty bit-packed run');
      const runValues = groups * 8;
      const n = Math.min(runValues, count - done);
      const needBytes = Math.ceil((n * bitWidth) / 8);
      if (pos + needBytes > end) throw new RangeError('bit-packed run past the end');
      unpack(buf, pos, bitWidth, mask, n, out, outPos + done);
      done += n;
      pos = Math.min(pos + groups * bitWidth, end);
    }
  }
  return pos;
}

function unpack(
  buf: Uint8Array,
  start: number,
  bitWidth: number,
  mask: number,
  n: number,
  out: Int32Array | Uint8Array,
  outPos: number,
): void {
  if (bitWidth === 0) {
    out.fill(0, outPos, outPos + n);
    return;
  }
  if (bitWidth <= 24) {
    // One unaligned 32-bit read per value (a value and its bit shift fit in 31 bits); the last bytes of the
    // buffer are read one by one.
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const safe = buf.length - 4;
    let bit = start * 8;
    for (let i = 0; i < n; i++) {
      const p = bit >>> 3;
      const word =
        p <= safe
          ? view.getUint32(p, true)
          : ((buf[p] ?? 0) | ((buf[p + 1] ?? 0) << 8) | ((buf[p + 2] ?? 0) << 16)) >>> 0;
      out[outPos + i] = (word >>> (bit & 7)) & mask;
      bit += bitWidth;
    }
    return;
  }
  let bit = 0;
  for (let i = 0; i < n; i++) {
    let value = 0;
    for (let k = 0; k < bitWidth; k++) {
      const b = bit + k;
      if (((buf[start + (b >>> 3)] as number) >>> (b & 7)) & 1) value += 2 ** k;
    }
    out[outPos + i] = value;
    bit += bitWidth;
  }
}

/**
 * Definition levels of a flat optional column (bit width 1) into `out[outPos…]`; returns the number of
 * levels that are 1 (the non-null values) and sets `end.pos` to the position after the last run read.
 */
export function decodeLevels(
  buf: Uint8Array,
  pos: number,
  end: number,
  count: number,
  out: Uint8Array,
  outPos: number,
): number {
  if (end > buf.length) throw new RangeError('levels past their buffer');
  let done = 0;
  let ones = 0;
  while (done < count) {
    let header = 0;
    let shift = 1;
    for (;;) {
      if (pos >= end) throw new RangeError('levels end before their values');
      const b = buf[pos++] as number;
      header += (b & 0x7f) * shift;
      if (b < 0x80) break;
      shift *= 128;
      if (shift > 2 ** 35) throw new RangeError('RLE run header too long');
    }
    if (header % 2 === 0) {
      const run = header / 2;
      if (run === 0) throw new RangeError('empty RLE run');
      if (pos >= end) throw new RangeError('RLE value past the end');
      const value = buf[pos++] as number;
      if (value > 1) throw new RangeError('definition level above 1');
      const n = Math.min(run, count - done);
      out.fill(value, outPos + done, outPos + done + n);
      ones += value * n;
      done += n;
    } else {
      const groups = (header - 1) / 2;
      if (groups === 0) throw new RangeError('empty bit-packed run');
      const n = Math.min(groups * 8, count - done);
      if (pos + ((n + 7) >>> 3) > end) throw new RangeError('bit-packed run past the end');
      const at = outPos + done;
      for (let i = 0; i < n; i++) {
        const v = ((buf[pos + (i >>> 3)] as number) >>> (i & 7)) & 1;
        out[at + i] = v;
        ones += v;
      }
      done += n;
      pos = Math.min(pos + groups, end);
    }
  }
  return ones;
}
