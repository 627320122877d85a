import type { Data, Decimal } from 'apache-arrow';

const TWO32 = 4294967296;

/**
 * Writes the exact decimal text of each value of a decimal column (32 to 256 bits) into `out`, with the
 * column's scale: Decimal(10, 2) 12345 is `123.45`, -1 is `-0.01`, 0 is `0.00`; a negative scale appends
 * zeros. Never through a double, so no digit is rounded.
 */
export function formatDecimals(data: Data<Decimal>, out: string[], valid: (i: number) => boolean): void {
  const n = data.length;
  const { scale, bitWidth } = data.type;
  const stride = bitWidth / 32;
  // apache-arrow slices this buffer at `stride * offset` words: value i starts at word `stride * i`.
  const words = data.values as Uint32Array;
  for (let i = 0; i < n; i++)
    out[i] = valid(i) ? decimalText(unscaled(words, i * stride, stride), scale) : '';
}

/** The unscaled value stored at `words[at]` (little-endian two's complement words): a number below 2^53. */
function unscaled(words: Uint32Array, at: number, stride: number): number | bigint {
  if (stride === 1) return (words[at] as number) | 0;
  const hi = (words[at + 1] as number) | 0;
  if (hi >= -2097152 && hi < 2097152) {
    // Below 2^53 when every higher word only extends the sign of the second.
    const sign = hi < 0 ? 0xffffffff : 0;
    let k = 2;
    while (k < stride && words[at + k] === sign) k++;
    if (k === stride) return hi * TWO32 + (words[at] as number);
  }
  let v = 0n;
  for (let k = stride - 1; k >= 0; k--) v = (v << 32n) | BigInt(words[at + k] as number);
  return BigInt.asIntN(stride * 32, v);
}

function decimalText(v: number | bigint, scale: number): string {
  const negative = v < 0;
  const sign = negative ? '-' : '';
  let digits = typeof v === 'bigint' ? (negative ? -v : v).toString() : String(negative ? -v : v);
  if (scale <= 0) return digits === '0' || scale === 0 ? sign + digits : sign + digits + '0'.repeat(-scale);
  if (digits.length <= scale) digits = digits.padStart(scale + 1, '0');
  const point = digits.length - scale;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
