// Float text for the CSV writer: float64 (and float16) as the shortest text that reads back as the double,
// float32 as the shortest text that reads back as the float32.

/** Below 2^43 a double's ulp is under 1/512, far finer than the hundredths tried in {@link formatFloat}. */
const TWO43 = 8796093022208;
/** Below 2^17 a float32's ulp is at most 2^-7, under the 0.01 between two hundredths. */
const TWO17 = 131072;
/** Powers of ten exact in a double (10^0 to 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * `String(v)` (with `-0` kept), faster for values with at most two decimals such as prices. When k / 100
 * rounds to v for the integer k = round(v * 100), the decimal k / 100 reads back as v; no other decimal
 * with as few digits does (two such decimals differ by 0.01 or more, more than an ulp here), so it is the
 * shortest one, which is what `String` prints. Checked against `String` in test/formats/csv.test.ts.
 */
export function formatFloat(v: number): string {
  if (v > -TWO43 && v < TWO43) {
    const k = Math.round(v * 100);
    if (k / 100 === v && k !== 0) return hundredths(k);
  }
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * The shortest text that reads back as the float32 `v` (`Math.fround(Number(text)) === v`), as pandas and
 * DuckDB write a float32: `Math.fround(0.1)` is `0.1`, not the `0.10000000149011612` the double holds.
 * Of two such texts of the same length, the one nearer to `v`. `-0`, `NaN` and the infinities as
 * {@link formatFloat} writes them.
 */
export function formatFloat32(v: number): string {
  if (v === 0 || !Number.isFinite(v)) {
    return formatFloat(v);
  }
  // Hundredths first (prices): below 2^17 at most one hundredth reads back as v, the shortest one.
  if (v > -TWO17 && v < TWO17) {
    const k = Math.round(v * 100);
    if (k !== 0 && Math.fround(k / 100) === v) return hundredths(k);
  }
  const a = v < 0 ? -v : v;
  const shortest = shortestFloat32(a);
  return String(v < 0 ? -shortest : shortest);
}

/** `k / 100` as `String` writes it, without a division's text conversion. */
function hundredths(k: number): string {
  const a = k < 0 ? -k : k;
  const whole = Math.floor(a / 100);
  const cents = a - whole * 100;
  const head = k < 0 ? `-${whole}` : `${whole}`;
  if (cents === 0) return head;
  if (cents % 10 === 0) return `${head}.${cents / 10}`;
  return cents < 10 ? `${head}.0${cents}` : `${head}.${cents}`;
}

/**
 * The double of the shortest decimal (1 to 9 significant digits) that reads back as the float32 `a > 0`.
 *
 * For p digits, the two decimals around `a` are d / 10^s and (d + 1) / 10^s with d = floor(a * 10^s),
 * s = p - 1 - floor(log10 a). With d below 10^9 and 10^s exact, d / 10^s is the double that `Number`
 * reads from the text `d`e`-s`, so `Math.fround` of it is the exact test. `a * 10^s` itself is rounded
 * once, by at most 2^-23 of a unit at 9 digits: that can move d only where a * 10^s is within that of an
 * integer, and then that integer is one of the two tried, the one that reads back. Near a tie between the
 * two (where which is nearer may hinge on that rounding) `toPrecision` decides, and {@link byPrecision}
 * where 10^s is not exact (`a` below about 10^-14 or from 10^23).
 */
function shortestFloat32(a: number): number {
  let e = Math.floor(Math.log10(a));
  // log10 may miss by one next to a power of ten.
  if (decimalPower(e) > a) e--;
  else if (decimalPower(e + 1) <= a) e++;
  for (let p = 1; p <= 9; p++) {
    const s = p - 1 - e;
    if (s > 22 || s < -22) return byPrecision(a);
    const scaled = s >= 0 ? a * (POW10[s] as number) : a / (POW10[-s] as number);
    const d = Math.floor(scaled);
    const below = s >= 0 ? d / (POW10[s] as number) : d * (POW10[-s] as number);
    const above = s >= 0 ? (d + 1) / (POW10[s] as number) : (d + 1) * (POW10[-s] as number);
    const belowOk = Math.fround(below) === a;
    const aboveOk = Math.fround(above) === a;
    if (!belowOk && !aboveOk) continue;
    if (belowOk !== aboveOk) return belowOk ? below : above;
    const half = scaled - d - 0.5;
    // An exact tie is exact in `scaled` (a short binary fraction): toPrecision rounds it away from zero.
    if (half === 0) return above;
    if (half > 1e-6 || half < -1e-6) return half > 0 ? above : below;
    return Number(a.toPrecision(p));
  }
  return a;
}

/** 10^e as a double (exact for 0 <= e <= 22, the nearest double otherwise). */
function decimalPower(e: number): number {
  return e >= 0 && e <= 22 ? (POW10[e] as number) : Number(`1e${e}`);
}

/**
 * As {@link shortestFloat32}, through `toPrecision`: for values beyond 10^±22 only, where 10^s is not exact.
 * At a power of two the float32 below is twice as near as the one above, so the decimal on the far side of
 * `a` may read back where the nearest does not: both are tried.
 */
function byPrecision(a: number): number {
  for (let p = 1; p <= 9; p++) {
    const near = Number(a.toPrecision(p));
    if (Math.fround(near) === a) return near;
    const [mantissa, exponent] = a.toExponential(p - 1).split('e') as [string, string];
    const digits = Number(mantissa.replace('.', ''));
    const other = Number(`${near < a ? digits + 1 : digits - 1}e${Number(exponent) - (p - 1)}`);
    if (Math.fround(other) === a) return other;
  }
  return a;
}
