/**
 * Walks the sequences of a raw LZ4 block without copying and throws a RangeError unless it is well formed:
 * literals and lengths inside the input, every match offset non-zero and within the output written so far,
 * and exactly `expected` bytes of output. lz4js's block decoder checks none of this (a bad offset reads as
 * zeros), so a block goes to it only after this check.
 */
export function checkLz4Block(src: Uint8Array, expected: number): void {
  const end = src.length;
  let pos = 0;
  let out = 0;
  while (pos < end) {
    const token = src[pos++] as number;
    let literals = token >>> 4;
    if (literals === 15) {
      for (;;) {
        if (pos >= end) throw new RangeError('lz4: input ends in a literal length');
        const b = src[pos++] as number;
        literals += b;
        if (b !== 255) break;
      }
    }
    pos += literals;
    out += literals;
    if (pos > end) throw new RangeError('lz4: literals past the end of the input');
    if (pos === end) break; // the last sequence has literals only
    if (pos + 2 > end) throw new RangeError('lz4: input ends in a match offset');
    const offset = (src[pos] as number) | ((src[pos + 1] as number) << 8);
    pos += 2;
    if (offset === 0 || offset > out) throw new RangeError('lz4: match before the start of the output');
    let length = token & 15;
    if (length === 15) {
      for (;;) {
        if (pos >= end) throw new RangeError('lz4: input ends in a match length');
        const b = src[pos++] as number;
        length += b;
        if (b !== 255) break;
      }
    }
    out += length + 4;
    if (out > expected) throw new RangeError('lz4: output longer than stated');
  }
  if (out !== expected) throw new RangeError(`lz4: ${out} bytes decoded, ${expected} stated`);
}
