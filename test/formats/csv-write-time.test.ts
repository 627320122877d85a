import {
  type DataType,
  Float64,
  Int32,
  makeData,
  makeVector,
  Table,
  TimeMicrosecond,
  TimeMillisecond,
  TimeNanosecond,
  TimeSecond,
  Timestamp,
  TimeUnit,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvCodec } from '../../src/formats/index.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: unknown) => new TextDecoder().decode(b as Uint8Array);
const csv = createCsvCodec();

/** A time64 column (micro- or nanoseconds) of exactly these int64 values; null where a value is null. */
function time64(type: DataType, values: readonly (bigint | null)[]): ReturnType<typeof makeVector> {
  const validity = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => {
    if (v !== null) validity[i >> 3] = (validity[i >> 3] as number) | (1 << (i & 7));
  });
  const data = BigInt64Array.from(values, (v) => v ?? 0n);
  const nullBitmap = values.includes(null) ? validity : undefined;
  return makeVector(makeData({ type, length: values.length, nullBitmap, data } as never));
}

/** Seconds, milliseconds, micro- and nanoseconds since midnight of 12:34:56.789012345 and the day's ends. */
const table = new Table({
  s: vectorFromArray([0, 45_296, 86_399, null, 1], new TimeSecond()),
  ms: vectorFromArray([0, 45_296_789, 86_399_999, 1, null], new TimeMillisecond()),
  us: time64(new TimeMicrosecond(), [0n, 45_296_789_012n, 86_399_999_999n, 1n, 500_000n]),
  ns: time64(new TimeNanosecond(), [0n, 45_296_789_012_345n, 86_399_999_999_999n, 1n, null]),
});
const text = [
  's,ms,us,ns',
  '00:00:00,00:00:00.000,00:00:00.000000,00:00:00.000000000',
  '12:34:56,12:34:56.789,12:34:56.789012,12:34:56.789012345',
  '23:59:59,23:59:59.999,23:59:59.999999,23:59:59.999999999',
  ',00:00:00.001,00:00:00.000001,00:00:00.000000001',
  '00:00:01,,00:00:00.500000,',
  '',
].join('\n');

describe('CSV writer: time-of-day columns as HH:MM:SS with the fraction digits of their unit', () => {
  it('writes time32 (s, ms) and time64 (us, ns), nulls as empty fields, sliced too', async () => {
    expect(dec(await csv.encode(table))).toBe(text);
    const lines = text.split('\n');
    expect(dec(await csv.encode(table.slice(2)))).toBe([lines[0], ...lines.slice(3)].join('\n'));
  });

  it('writes a value outside the day (which Arrow does not allow) as it is, not wrapped', async () => {
    const odd = new Table({
      s: vectorFromArray([90_000, -1, 360_000_000], new TimeSecond()),
      ms: vectorFromArray([86_400_000, -1, -86_400_001], new TimeMillisecond()),
      ns: time64(new TimeNanosecond(), [-(2n ** 63n), 2n ** 63n - 1n, -1_500_000_000n]),
    });
    expect(
      dec(await csv.encode(odd))
        .split('\n')
        .slice(1, -1),
    ).toEqual([
      '25:00:00,24:00:00.000,-2562047:47:16.854775808',
      '-00:00:01,-00:00:00.001,2562047:47:16.854775807',
      '100000:00:00,-24:00:00.001,-00:00:01.500000000',
    ]);
  });

  it('quotes times, timestamps and numbers when the delimiter can be inside them (`:`, `.`)', async () => {
    const colon = createCsvCodec({ delimiter: ':' });
    const small = new Table({
      t: vectorFromArray([45_296_789, null], new TimeMillisecond()),
      s: vectorFromArray([0, 45_296], new TimeSecond()),
      ts: makeVector(
        makeData({ type: new Timestamp(TimeUnit.SECOND), length: 2, data: BigInt64Array.of(0n, 1n) }),
      ),
    });
    const written = dec(await colon.encode(small));
    expect(written).toBe(
      't:s:ts\n"12:34:56.789":"00:00:00":"1970-01-01T00:00:00"\n:"12:34:56":"1970-01-01T00:00:01"\n',
    );
    expect(canonicalRows(await colon.decode(enc(written)))).toEqual([
      { t: '12:34:56.789', s: '00:00:00', ts: 0 },
      { t: null, s: '12:34:56', ts: 1000 },
    ]);
    // A number with a `.` delimiter, too.
    const dot = createCsvCodec({ delimiter: '.' });
    const floats = new Table({
      f: vectorFromArray([1.5, null, 2], new Float64()),
      i: vectorFromArray([7, 8, 9], new Int32()),
    });
    expect(dec(await dot.encode(floats))).toBe('f.i\n"1.5".7\n.8\n2.9\n');
  });

  it('reads back with our reader as the same text (it has no time type: an inferred utf8 column)', async () => {
    const back = await csv.decode(await csv.encode(table));
    expect(schemaOf(back)).toEqual(['s: Utf8', 'ms: Utf8', 'us: Utf8', 'ns: Utf8']);
    const fields = text
      .split('\n')
      .slice(1, -1)
      .map((l) => l.split(','));
    expect(canonicalRows(back)).toEqual(
      fields.map(([s, ms, us, ns]) => ({ s: s || null, ms: ms || null, us: us || null, ns: ns || null })),
    );
  });

  describe('DuckDB', () => {
    let oracle: Oracle;
    beforeAll(async () => {
      oracle = await openOracle();
    });
    afterAll(() => oracle?.close());

    it('detects TIME and reads the same values (TIME_NS for nanoseconds)', async () => {
      const path = sqlString(oracle.file('times.csv', (await csv.encode(table)) as Uint8Array));
      const kinds = await oracle.rows(
        `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv(${path}))`,
      );
      expect(kinds.map((k) => k.column_type)).toEqual(['TIME', 'TIME', 'TIME', 'TIME']);
      const rows = await oracle.rows(
        `SELECT epoch_us(s) // 1000000 s, epoch_us(ms) // 1000 ms, epoch_us(us) us, epoch_ns(ns) ns FROM read_csv(${path}, header = true, auto_detect = false, columns = {'s': 'TIME', 'ms': 'TIME', 'us': 'TIME', 'ns': 'TIME_NS'})`,
      );
      const expected = canonicalRows(table).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])),
      );
      expect(rows).toEqual(expected);
    });
  });
});
