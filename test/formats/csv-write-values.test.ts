import {
  Data,
  DateMillisecond,
  Decimal,
  Field,
  Float16,
  Float32,
  Float64,
  Int32,
  makeData,
  makeVector,
  Null,
  SparseUnion,
  Table,
  Timestamp,
  TimeUnit,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../src/formats/csv/scan-time.js';
import { createCsvCodec } from '../../src/formats/index.js';
import { rowsToTable } from '../../src/predictors/rows-to-table.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: unknown) => new TextDecoder().decode(b as Uint8Array);
const csv = createCsvCodec();
const write = async (table: Table) => dec(await csv.encode(table));
/** The data rows of a one-column CSV text. */
const fields = (text: string) => text.split('\n').slice(1, -1);

/** A validity bitmap with a bit set per non-null value (no null count given: arrow-js keeps it at -1). */
function validity(values: readonly unknown[]): Uint8Array | undefined {
  if (!values.includes(null)) return undefined;
  const bits = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => {
    if (v !== null) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
  });
  return bits;
}

/** A decimal vector of unscaled values, stored as Arrow does: little-endian two's complement 32-bit words. */
function decimals(scale: number, precision: number, bitWidth: number, values: (bigint | null)[]): Vector {
  const stride = bitWidth / 32;
  const words = new Uint32Array(values.length * stride);
  values.forEach((v, i) => {
    let u = BigInt.asUintN(bitWidth, v ?? 0n);
    for (let k = 0; k < stride; k++, u >>= 32n) words[i * stride + k] = Number(u & 0xffffffffn);
  });
  const type = new Decimal(scale, precision, bitWidth);
  return makeVector(
    makeData({ type, length: values.length, nullBitmap: validity(values), data: words } as never),
  );
}

describe('CSV writer: nulls of every type are empty fields', () => {
  it('writes a Null-type column as empty fields: built, from rowsToTable, sliced, over batches', async () => {
    const ints = vectorFromArray([1, 2], new Int32());
    const built = new Table({ a: makeVector(makeData({ type: new Null(), length: 2 })), b: ints });
    expect(await write(built)).toBe('a,b\n,1\n,2\n');
    // arrow-js gives a Null column a null count of 0 when it pads one out (Data#_changeLengthAndBackfillNullBitmap).
    expect(await write(new Table({ a: makeVector(new Data(new Null(), 0, 2, 0)), b: ints }))).toBe(
      'a,b\n,1\n,2\n',
    );
    const rows = rowsToTable([{ a: null, b: 1n }, { a: undefined, b: 2n }, { b: 3n }], 'x');
    expect(String(rows.schema.fields[0]?.type)).toBe('Null');
    expect(await write(rows)).toBe('a,b\n,1\n,2\n,3\n');

    // Longer than one 512-row formatting slice, cut at an odd row, and in two batches.
    const n = 1300;
    const long = new Table({
      a: makeVector(makeData({ type: new Null(), length: n })),
      i: makeVector(Int32Array.from({ length: n }, (_, i) => i)),
    });
    const two = long.slice(3, 700).concat(long.slice(700));
    expect(two.batches.length).toBe(2);
    const lines = (await write(two)).split('\n');
    expect(lines.length).toBe(n - 3 + 2);
    expect(lines.slice(1, -1)).toEqual(Array.from({ length: n - 3 }, (_, i) => `,${i + 3}`));
    const back = await csv.decode(enc(await write(rows)));
    expect(canonicalRows(back)).toEqual([
      { a: null, b: '1' },
      { a: null, b: '2' },
      { a: null, b: '3' },
    ]);
  });

  it('writes nulls from the validity bitmap whatever null count arrow-js caches, and nulls inside unions', async () => {
    // makeData without a nullCount leaves it at -1 (not counted yet), and so does slicing.
    const values = [1.5, null, -2, null, null, 3, 4, null, 5, null];
    const floats = makeVector(
      makeData({
        type: new Float64(),
        length: values.length,
        nullBitmap: validity(values),
        data: Float64Array.from(values, (v) => v ?? 0),
      }),
    );
    const texts = ['1.5', '', '-2', '', '', '3', '4', '', '5', ''];
    expect(fields(await write(new Table({ f: floats })))).toEqual(texts);
    expect(fields(await write(new Table({ f: floats }).slice(3, 9)))).toEqual(texts.slice(3, 9));

    // A union has no validity bitmap of its own: its nulls are its children's.
    const type = new SparseUnion(
      [0, 1],
      [new Field('f', new Float64(), true), new Field('s', new Utf8(), true)],
    );
    const union = makeVector(
      makeData({
        type,
        length: 4,
        typeIds: Int8Array.from([0, 1, 0, 1]),
        children: [
          vectorFromArray([1.5, 9, null, 9], new Float64()).data[0],
          vectorFromArray(['z', null, 'z', 'b'], new Utf8()).data[0],
        ],
      } as never),
    );
    expect(fields(await write(new Table({ u: union })))).toEqual(['1.5', '', '', 'b']);
  });
});

describe('CSV writer: decimals', () => {
  it('writes the exact decimal with its scale, from two-complement words of 32 to 256 bits', async () => {
    const d128 = decimals(2, 10, 128, [12345n, -1n, 0n, null, 100n, -12345n, 5n]);
    expect(fields(await write(new Table({ d: d128 })))).toEqual([
      '123.45',
      '-0.01',
      '0.00',
      '',
      '1.00',
      '-123.45',
      '0.05',
    ]);
    // Beyond 2^53 and 2^64, the largest 38-digit values, and both signs.
    const big = 10n ** 38n - 1n;
    const wide = decimals(4, 38, 128, [2n ** 64n + 1n, -(2n ** 64n) - 1n, 2n ** 53n + 1n, big, -big]);
    expect(fields(await write(new Table({ d: wide })))).toEqual([
      '1844674407370955.1617',
      '-1844674407370955.1617',
      '900719925474.0993',
      '9999999999999999999999999999999999.9999',
      '-9999999999999999999999999999999999.9999',
    ]);
    const d256 = decimals(10, 76, 256, [-(2n ** 200n), 2n ** 255n - 1n, -(2n ** 255n)]);
    const text256 = (v: bigint) => {
      const s = (v < 0n ? -v : v).toString();
      return `${v < 0n ? '-' : ''}${s.slice(0, -10)}.${s.slice(-10)}`;
    };
    expect(fields(await write(new Table({ d: d256 })))).toEqual(
      [-(2n ** 200n), 2n ** 255n - 1n, -(2n ** 255n)].map(text256),
    );
    const d32 = decimals(3, 9, 32, [-2147483648n, 2147483647n, 7n, null]);
    expect(fields(await write(new Table({ d: d32 })))).toEqual(['-2147483.648', '2147483.647', '0.007', '']);
    const d64 = decimals(1, 18, 64, [-(2n ** 63n), 2n ** 63n - 1n, -5n]);
    expect(fields(await write(new Table({ d: d64 })))).toEqual([
      '-922337203685477580.8',
      '922337203685477580.7',
      '-0.5',
    ]);
    // Scale 0 and a negative scale (the unscaled value times 10^-scale).
    expect(fields(await write(new Table({ d: decimals(0, 5, 128, [42n, -42n]) })))).toEqual(['42', '-42']);
    expect(fields(await write(new Table({ d: decimals(-3, 5, 128, [42n, -42n, 0n]) })))).toEqual([
      '42000',
      '-42000',
      '0',
    ]);
    // Sliced: arrow-js cuts the words at `stride * offset`, the bitmap stays at `offset` bits.
    const sliced = new Table({ d: d128 }).slice(2, 6);
    expect(fields(await write(sliced))).toEqual(['0.00', '', '1.00', '-123.45']);
  });

  it('writes what BigInt arithmetic gives for random 128-bit values and scales', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.bigInt({ min: -(2n ** 127n), max: 2n ** 127n - 1n }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 38 }),
        async (values, scale) => {
          const expected = values.map((v) => {
            const digits = (v < 0n ? -v : v).toString().padStart(scale + 1, '0');
            const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
            return v < 0n ? `-${text}` : text;
          });
          expect(fields(await write(new Table({ d: decimals(scale, 38, 128, values) })))).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads written decimals back as float64 by inference, or as their exact text with columnTypes utf8', async () => {
    const text = await write(new Table({ d: decimals(2, 20, 128, [12345n, -1n, null, 10n ** 19n]) }));
    expect(text).toBe('d\n123.45\n-0.01\n\n100000000000000000.00\n');
    const back = await csv.decode(enc(text));
    expect(schemaOf(back)).toEqual(['d: Float64']);
    expect(canonicalRows(back).map((r) => r.d)).toEqual([123.45, -0.01, null, 1e17]);
    const exact = await createCsvCodec({ columnTypes: { d: 'utf8' } }).decode(enc(text));
    expect(canonicalRows(exact).map((r) => r.d)).toEqual(['123.45', '-0.01', null, '100000000000000000.00']);
  });
});

const DAY = 86_400_000;

describe('CSV writer: date64 (milliseconds)', () => {
  it('writes whole days as YYYY-MM-DD and other values as ISO-8601 UTC with milliseconds', async () => {
    const ms = [
      Date.UTC(2024, 2, 5),
      Date.UTC(2024, 2, 5, 13, 45, 10, 123),
      null,
      0,
      -1,
      -DAY,
      Date.UTC(1900, 0, 1, 0, 0, 0, 1),
      Date.UTC(-1, 0, 1),
      Date.UTC(12345, 5, 6, 7, 8, 9, 10),
      8.64e15,
    ];
    const d64 = vectorFromArray(ms, new DateMillisecond());
    expect(fields(await write(new Table({ d: d64 })))).toEqual([
      '2024-03-05',
      '2024-03-05T13:45:10.123Z',
      '',
      '1970-01-01',
      '1969-12-31T23:59:59.999Z',
      '1969-12-31',
      '1900-01-01T00:00:00.001Z',
      '-000001-01-01',
      '+012345-06-06T07:08:09.010Z',
      '+275760-09-13',
    ]);
    // arrow-js's date64 builder takes JS Dates, and keeps their time of day.
    const dates = vectorFromArray(
      [new Date(Date.UTC(2024, 0, 31)), new Date(Date.UTC(2024, 0, 31, 12))],
      new DateMillisecond(),
    );
    expect(fields(await write(new Table({ d: dates })))).toEqual(['2024-01-31', '2024-01-31T12:00:00.000Z']);
  });

  it('writes every int64 as its day (as date32 does) or as timestamp[ms, UTC] writes it, sliced too', async () => {
    const int64 = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.integer({ min: -1e6, max: 1e6 }).map((d) => BigInt(d) * BigInt(DAY)),
      fc.integer({ min: -(2 ** 53), max: 2 ** 53 }).map(BigInt),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(int64, { minLength: 1, maxLength: 30 }), async (values) => {
        const data = BigInt64Array.from(values);
        const d64 = makeVector(makeData({ type: new DateMillisecond(), length: values.length, data }));
        const ts = makeVector(
          makeData({ type: new Timestamp(TimeUnit.MILLISECOND, 'UTC'), length: values.length, data }),
        );
        const wholeDays = values.map((v) => v % BigInt(DAY) === 0n);
        const asTimestamp = fields(await write(new Table({ t: ts })));
        const expected = values.map((v, i) =>
          wholeDays[i] ? formatDate(Number(v / BigInt(DAY))) : asTimestamp[i],
        );
        expect(fields(await write(new Table({ d: d64 })))).toEqual(expected);
        const from = Math.floor(values.length / 3);
        expect(fields(await write(new Table({ d: d64 }).slice(from)))).toEqual(expected.slice(from));
      }),
      { numRuns: 200 },
    );
  });

  it('reads back a column of whole days as dates and a column with times as timestamp[ms, UTC]', async () => {
    const days = [Date.UTC(2024, 2, 5), null, Date.UTC(1969, 6, 20)];
    const dayTable = new Table({ d: vectorFromArray(days, new DateMillisecond()) });
    const dayBack = await csv.decode(await csv.encode(dayTable));
    expect(schemaOf(dayBack)).toEqual(['d: Date32<DAY>']);
    expect(canonicalRows(dayBack)).toEqual(canonicalRows(dayTable));
    const mixed = [Date.UTC(2024, 2, 5), Date.UTC(2024, 2, 5, 13, 45, 10, 123), null, -1];
    const mixedTable = new Table({ d: vectorFromArray(mixed, new DateMillisecond()) });
    const mixedBack = await csv.decode(await csv.encode(mixedTable));
    expect(schemaOf(mixedBack)).toEqual(['d: Timestamp<MILLISECOND, UTC>']);
    expect(canonicalRows(mixedBack).map((r) => r.d)).toEqual(mixed);
  });
});

describe('CSV writer: floats', () => {
  const special = [-0, 0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5, null];
  const texts = ['-0', '0', 'NaN', 'Infinity', '-Infinity', '1.5', ''];

  it('keeps -0 and writes NaN and infinities as NaN, Infinity and -Infinity in float16, 32 and 64', async () => {
    for (const type of [new Float16(), new Float32(), new Float64()]) {
      const table = new Table({ f: vectorFromArray(special, type) });
      expect([String(type), fields(await write(table))]).toEqual([String(type), texts]);
      // Float16 subnormals and the largest half: exact in a double, written as String() writes them.
    }
    const halves = vectorFromArray([2 ** -24, -(2 ** -14), 65504, 0.1], new Float16());
    expect(fields(await write(new Table({ h: halves })))).toEqual([
      String(2 ** -24),
      String(-(2 ** -14)),
      '65504',
      '0.0999755859375',
    ]);
  });

  it('reads them back as float64 with -0, NaN and the infinities', async () => {
    const table = new Table({ f: vectorFromArray(special, new Float16()) });
    const back = await csv.decode(await csv.encode(table));
    expect(schemaOf(back)).toEqual(['f: Float64']);
    expect(canonicalRows(back).map((r) => r.f)).toEqual(['-0', 0, 'NaN', Infinity, -Infinity, 1.5, null]);
  });
});
