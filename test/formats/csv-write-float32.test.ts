import { Float32, makeData, makeVector, Table } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvCodec } from '../../src/formats/index.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';

const dec = (b: unknown) => new TextDecoder().decode(b as Uint8Array);
const csv = createCsvCodec();
/** The data rows of a one-column CSV text. */
const fields = (text: string) => text.split('\n').slice(1, -1);

/** A float32 column of exactly these bit patterns, with a null where a pattern is null. */
function float32Column(bits: readonly (number | null)[]): Table {
  const data = new Uint32Array(bits.length);
  const validity = new Uint8Array((bits.length + 7) >> 3);
  bits.forEach((b, i) => {
    data[i] = b ?? 0;
    if (b !== null) validity[i >> 3] = (validity[i >> 3] as number) | (1 << (i & 7));
  });
  const nullBitmap = bits.includes(null) ? validity : undefined;
  const type = new Float32();
  const floats = new Float32Array(data.buffer);
  return new Table({ f: makeVector(makeData({ type, length: bits.length, nullBitmap, data: floats })) });
}

const bitsOf = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0] as number;
const isNaNBits = (b: number) => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;

/**
 * The shortest text that reads back as the float32 `x` (finite, not 0), found apart from the writer: for 1
 * to 9 significant digits, the two decimals around x (`toPrecision`'s nearest, exact, and its neighbour on
 * the other side of x), the nearer first; the first that reads back (Number, then Math.fround) wins.
 */
function shortestReference(x: number): string {
  const a = Math.abs(x);
  for (let p = 1; p <= 9; p++) {
    const near = Number(a.toPrecision(p));
    const [mantissa, exponent] = a.toExponential(p - 1).split('e') as [string, string];
    const digits = BigInt(mantissa.replace('.', ''));
    const other = Number(`${near < a ? digits + 1n : digits - 1n}e${Number(exponent) - (p - 1)}`);
    const pick = Math.fround(near) === a ? near : Math.fround(other) === a ? other : undefined;
    if (pick !== undefined) return String(x < 0 ? -pick : pick);
  }
  throw new Error(`no 9-digit text reads back as ${x}`);
}

/** Writes the patterns as a float32 column and checks each text: it reads back bit for bit, and is the shortest. */
async function checkRoundTrip(bits: readonly number[]): Promise<void> {
  const texts = fields(dec(await csv.encode(float32Column(bits))));
  expect(texts.length).toBe(bits.length);
  const wrong: string[] = [];
  bits.forEach((b, i) => {
    const text = texts[i] as string;
    const x = new Float32Array(Uint32Array.of(b).buffer)[0] as number;
    const back = bitsOf(Math.fround(Number(text)));
    const expected = x === 0 || !Number.isFinite(x) ? undefined : shortestReference(x);
    if (back !== b || (expected !== undefined && text !== expected))
      wrong.push(
        `0x${b.toString(16)} (${x}): wrote ${text}, reads back 0x${back.toString(16)}, shortest ${expected}`,
      );
  });
  expect(wrong.slice(0, 10)).toEqual([]);
}

describe('CSV writer: float32 as the shortest text that reads back as the float32', () => {
  it('writes 0.1 and not the double it holds, as pandas and DuckDB do', async () => {
    const values = [
      0.1,
      -0.2,
      1 / 3,
      3.14158,
      19.99,
      1e-7,
      100,
      0.3,
      16777217,
      123456789,
      1e10,
      1e-45,
      3.4028235e38,
      1.1754944e-38,
      -2.5e-40,
      65504.01,
      131071.99,
      131072.01,
      0.5,
      2 ** -10,
    ];
    const bits: (number | null)[] = values.map((v) => bitsOf(Math.fround(v)));
    bits.splice(3, 0, null);
    expect(fields(dec(await csv.encode(float32Column(bits))))).toEqual([
      '0.1',
      '-0.2',
      '0.33333334',
      '',
      '3.14158',
      '19.99',
      '1e-7',
      '100',
      '0.3',
      '16777216',
      '123456790',
      '10000000000',
      '1e-45',
      '3.4028235e+38',
      '1.1754944e-38',
      '-2.5e-40',
      '65504.01',
      '131071.99',
      '131072.02',
      '0.5',
      '0.0009765625',
    ]);
  });

  it('reads back bit for bit and is the shortest such text, for every hundredth up to 2^17 (sampled)', async () => {
    const bits: number[] = [];
    for (let k = -13_107_200; k <= 13_107_200; k += 997) bits.push(bitsOf(Math.fround(k / 100)));
    for (let k = 1; k <= 2000; k++) bits.push(bitsOf(Math.fround(k / 1000)), bitsOf(Math.fround(k / 7)));
    await checkRoundTrip(bits);
  });

  it('reads back bit for bit and is the shortest such text, for random bit patterns (NaN payloads left out)', async () => {
    // Every exponent, subnormals and the largest values included; a deterministic sweep, then fast-check.
    const sweep: number[] = [];
    let seed = 0x2545f491;
    for (let i = 0; i < 60_000; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      const b = seed >>> 0;
      if (!isNaNBits(b)) sweep.push(b);
    }
    // Every power of two (where the float32 below is twice as near as the one above), its neighbours,
    // subnormals and the largest values, both signs.
    for (let e = 0; e < 255; e++) {
      for (const m of [0, 1, 2, 0x400000, 0x7ffffe, 0x7fffff]) {
        const b = ((e << 23) | m) >>> 0;
        if (b !== 0) sweep.push(b, (b | 0x80000000) >>> 0);
      }
    }
    await checkRoundTrip(sweep);
    const pattern = fc.integer({ min: 0, max: 0xffffffff }).filter((b) => !isNaNBits(b));
    await fc.assert(fc.asyncProperty(fc.array(pattern, { minLength: 1, maxLength: 2000 }), checkRoundTrip), {
      numRuns: 20,
    });
  });

  it('keeps -0, NaN and the infinities as float64 writes them, and nulls as empty fields, sliced too', async () => {
    const bits = [0x80000000, 0x7fc00000, 0x7f800000, 0xff800000, null, bitsOf(Math.fround(0.7)), 0];
    const table = float32Column(bits);
    expect(fields(dec(await csv.encode(table)))).toEqual([
      '-0',
      'NaN',
      'Infinity',
      '-Infinity',
      '',
      '0.7',
      '0',
    ]);
    expect(fields(dec(await csv.encode(table.slice(4))))).toEqual(['', '0.7', '0']);
  });

  it('reads back with our reader as float64 holding the short decimal, which Math.fround turns into the float32', async () => {
    const values = [0.1, 2.675, 1e-7, 3.4028235e38, -1234.5677];
    const table = float32Column(values.map((v) => bitsOf(Math.fround(v))));
    const back = await csv.decode(await csv.encode(table));
    expect(schemaOf(back)).toEqual(['f: Float64']);
    const read = canonicalRows(back).map((r) => r.f as number);
    expect(read).toEqual([0.1, 2.675, 1e-7, 3.4028235e38, -1234.5677]);
    expect(read.map(Math.fround)).toEqual(values.map(Math.fround));
  });
});
