/**
 * BYTE_STREAM_SPLIT values: the page holds `width` streams of `total` bytes each (byte k of every value in
 * stream k); `total` is the number of values the page encodes, which must fill it exactly.
 */
export function byteStreamSplit(
  src: Uint8Array,
  pos: number,
  end: number,
  width: number,
  n: number,
  dst: Uint8Array,
  dstPos: number,
): void {
  if (end - pos !== n * width) throw new RangeError('BYTE_STREAM_SPLIT page size does not match its values');
  const base = dstPos * width;
  for (let k = 0; k < width; k++) {
    const stream = pos + k * n;
    for (let i = 0; i < n; i++) dst[base + i * width + k] = src[stream + i] as number;
  }
}
