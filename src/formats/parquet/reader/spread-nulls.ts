/**
 * Moving dense values to their rows once definition levels say where the nulls are. Each loop sits in its
 * own small function so that V8 optimizes it for one kind of array (a loop inside the polymorphic
 * buildColumn stayed unoptimized).
 */

/** Arrow offsets (`rows + 1`) from dense offsets: a null row repeats the previous offset. */
export function spreadOffsets(dense: Int32Array, defs: Uint8Array, rows: number): Int32Array {
  const offsets = new Int32Array(rows + 1);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    k += defs[i] as number;
    offsets[i + 1] = dense[k] as number;
  }
  return offsets;
}

/** Fixed-width values (4 or 8 bytes) moved to their rows; null rows hold zeros. */
export function spreadFixed(
  fixed: Uint8Array,
  nonNull: number,
  defs: Uint8Array,
  rows: number,
  width: number,
): Uint8Array {
  const bytes = new Uint8Array(rows * width);
  const to = new Int32Array(bytes.buffer);
  if (width === 4) spread32(new Int32Array(fixed.buffer, fixed.byteOffset, nonNull), to, defs, rows);
  else spread64(new Int32Array(fixed.buffer, fixed.byteOffset, nonNull * 2), to, defs, rows);
  return bytes;
}

function spread32(from: Int32Array, to: Int32Array, defs: Uint8Array, rows: number): void {
  let k = 0;
  for (let i = 0; i < rows; i++) if (defs[i]) to[i] = from[k++] as number;
}

/** 8-byte values move as two 32-bit lanes (NaN payloads keep their bits). */
function spread64(from: Int32Array, to: Int32Array, defs: Uint8Array, rows: number): void {
  let k = 0;
  for (let i = 0; i < rows; i++) {
    if (defs[i]) {
      to[2 * i] = from[2 * k] as number;
      to[2 * i + 1] = from[2 * k + 1] as number;
      k++;
    }
  }
}

/** Packs one byte (0 or 1) per row into an Arrow bitmap (least significant bit first), a byte at a time. */
export function bitmapOf(flags: Uint8Array, rows: number): Uint8Array {
  const bits = new Uint8Array((rows + 7) >>> 3);
  const full = rows >>> 3;
  for (let b = 0; b < full; b++) {
    const i = b << 3;
    bits[b] =
      (flags[i] as number) |
      ((flags[i + 1] as number) << 1) |
      ((flags[i + 2] as number) << 2) |
      ((flags[i + 3] as number) << 3) |
      ((flags[i + 4] as number) << 4) |
      ((flags[i + 5] as number) << 5) |
      ((flags[i + 6] as number) << 6) |
      ((flags[i + 7] as number) << 7);
  }
  for (let i = full << 3; i < rows; i++)
    if (flags[i]) bits[i >>> 3] = (bits[i >>> 3] as number) | (1 << (i & 7));
  return bits;
}

/** Packs dense booleans into the bitmap positions of the rows that are set. */
export function bitmapOfSpread(dense: Uint8Array, defs: Uint8Array, rows: number): Uint8Array {
  const bits = new Uint8Array((rows + 7) >>> 3);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    if (defs[i] && dense[k++]) bits[i >>> 3] = (bits[i >>> 3] as number) | (1 << (i & 7));
  }
  return bits;
}
