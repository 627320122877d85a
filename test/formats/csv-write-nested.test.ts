import {
  Binary,
  Bool,
  type Data,
  DateDay,
  DateMillisecond,
  Decimal,
  DenseUnion,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  Map_,
  makeData,
  makeVector,
  Struct,
  Table,
  TimeMillisecond,
  Timestamp,
  TimeUnit,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvCodec } from '../../src/formats/index.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

const dec = (b: unknown) => new TextDecoder().decode(b as Uint8Array);
const csv = createCsvCodec();
/** The data rows of a one-column CSV text, unquoted (each nested value is one quoted field). */
const fields = (text: string) =>
  text
    .split('\n')
    .slice(1, -1)
    .map((f) => (f.startsWith('"') ? f.slice(1, -1).replaceAll('""', '"') : f));

/** A validity bitmap with a bit set per true, or undefined when all are true. */
function validity(valid: readonly boolean[]): Uint8Array | undefined {
  if (valid.every(Boolean)) return undefined;
  const bits = new Uint8Array((valid.length + 7) >> 3);
  valid.forEach((v, i) => {
    if (v) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
  });
  return bits;
}

/** Decimal data of unscaled values, stored as Arrow does: little-endian two's complement 32-bit words. */
function decimals(scale: number, precision: number, values: readonly (bigint | null)[]): Data<Decimal> {
  const words = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    let u = BigInt.asUintN(128, v ?? 0n);
    for (let k = 0; k < 4; k++, u >>= 32n) words[i * 4 + k] = Number(u & 0xffffffffn);
  });
  const type = new Decimal(scale, precision, 128);
  const nullBitmap = validity(values.map((v) => v !== null));
  return makeData({
    type,
    length: values.length,
    nullBitmap,
    data: words,
  } as never) as unknown as Data<Decimal>;
}

const int64 = (values: bigint[]) =>
  makeData({ type: new Int64(), length: values.length, data: BigInt64Array.from(values) });

/** Three rows: full values, a null struct, and nulls, NaN and extremes inside. */
function structTable(): Table {
  const children = [
    decimals(2, 10, [1250n, 0n, -1n]),
    vectorFromArray([Date.UTC(2024, 0, 2), 0, Date.UTC(2024, 0, 2, 3, 4, 5, 6)], new DateMillisecond())
      .data[0],
    makeData({
      type: new Timestamp(TimeUnit.MICROSECOND, 'UTC'),
      length: 3,
      data: BigInt64Array.of(1_704_164_645_123_456n, 0n, -1n),
    }),
    makeData({
      type: new Timestamp(TimeUnit.SECOND),
      length: 3,
      data: BigInt64Array.of(1_704_164_645n, 0n, 0n),
    }),
    int64([2n ** 63n - 1n, 0n, -(2n ** 63n)]),
    makeData({ type: new Uint64(), length: 3, data: BigUint64Array.of(2n ** 64n - 1n, 0n, 1n) }),
    makeData({ type: new Float32(), length: 3, data: Float32Array.of(0.1, 0, Number.NaN) }),
    makeData({ type: new Float64(), length: 3, data: Float64Array.of(-0, 0, Number.NEGATIVE_INFINITY) }),
    vectorFromArray([Uint8Array.of(0xaa, 0x01), null, new Uint8Array()], new Binary()).data[0],
    vectorFromArray(['a"b,c\n', null, ''], new Utf8()).data[0],
    vectorFromArray([45_296_789, 0, null], new TimeMillisecond()).data[0],
    vectorFromArray([Date.UTC(2024, 0, 2), null, Date.UTC(1969, 11, 31)], new DateDay()).data[0],
    vectorFromArray([true, null, false], new Bool()).data[0],
  ] as Data[];
  const names = ['d', 'dt', 'ts', 'local', 'i', 'u', 'f', 'g', 'b', 's', 't', 'day', 'ok'];
  const type = new Struct(names.map((name, c) => new Field(name, (children[c] as Data).type, true)));
  const nullBitmap = validity([true, false, true]);
  return new Table({ s: makeVector(makeData({ type, length: 3, nullBitmap, children } as never)) });
}

const structTexts = [
  '{"d":"12.50","dt":"2024-01-02","ts":"2024-01-02T03:04:05.123456Z","local":"2024-01-02T03:04:05",' +
    '"i":9223372036854775807,"u":18446744073709551615,"f":0.1,"g":-0,"b":"qgE=","s":"a\\"b,c\\n",' +
    '"t":"12:34:56.789","day":"2024-01-02","ok":true}',
  '',
  '{"d":"-0.01","dt":"2024-01-02T03:04:05.006Z","ts":"1969-12-31T23:59:59.999999Z","local":"1970-01-01T00:00:00",' +
    '"i":-9223372036854775808,"u":1,"f":"NaN","g":"-Infinity","b":"","s":"","t":null,"day":"1969-12-31","ok":false}',
];

/** A list of decimals: values, an empty list, a null list, a null item; six rows to slice. */
function listTable(): Table {
  const items = decimals(3, 20, [1n, -2500n, 10n ** 19n, null, 7n, 123_456n]);
  const type = new List(new Field('item', items.type, true));
  const valueOffsets = Int32Array.of(0, 2, 2, 2, 4, 5, 6);
  const nullBitmap = validity([true, true, false, true, true, true]);
  const data = makeData({ type, length: 6, nullBitmap, valueOffsets, child: items } as never);
  return new Table({ l: makeVector(data) });
}

const listTexts = [
  '["0.001","-2.500"]',
  '[]',
  '',
  '["10000000000000000.000",null]',
  '["0.007"]',
  '["123.456"]',
];

describe('CSV writer: lists, structs and maps as JSON with every value as the top-level writer writes it', () => {
  it('writes a struct of decimal, date64, timestamps, int64, uint64, floats, binary, text, time, date, boolean', async () => {
    const text = dec(await csv.encode(structTable()));
    expect(fields(text)).toEqual(structTexts);
    // One quoted CSV field per value (quotes doubled), valid JSON.
    expect(text.split('\n')[1]?.startsWith('"{""d"":""12.50"",')).toBe(true);
    expect(JSON.parse(structTexts[2] as string)).toMatchObject({
      d: '-0.01',
      f: 'NaN',
      i: -(2 ** 63),
    });
  });

  it('writes a list of decimals with their scale, empty and null lists, null items; sliced', async () => {
    const table = listTable();
    expect(fields(dec(await csv.encode(table)))).toEqual(listTexts);
    expect(fields(dec(await csv.encode(table.slice(3))))).toEqual(listTexts.slice(3));
    expect(fields(dec(await csv.encode(table.slice(1, 4))))).toEqual(listTexts.slice(1, 4));
  });

  it('writes maps as objects (keys that are not text as their text), fixed-size lists, unions and float32 lists', async () => {
    const map = vectorFromArray(
      [
        new Map([
          [1, 0.5],
          [-2, Number.NaN],
        ]),
        null,
        new Map<number, number>(),
      ],
      new Map_(
        new Field(
          'entries',
          new Struct<{ key: Int32; value: Float32 }>([
            new Field('key', new Int32(), false),
            new Field('value', new Float32(), true),
          ]),
        ),
      ),
    );
    expect(fields(dec(await csv.encode(new Table({ m: map }))))).toEqual(['{"1":0.5,"-2":"NaN"}', '', '{}']);

    const fixed = makeData({
      type: new FixedSizeList(2, new Field('item', new Int64(), true)),
      length: 3,
      child: int64([1n, 2n ** 62n, 3n, 4n, -5n, 6n]),
    } as never);
    const fixedTable = new Table({ x: makeVector(fixed) });
    expect(fields(dec(await csv.encode(fixedTable)))).toEqual(['[1,4611686018427387904]', '[3,4]', '[-5,6]']);
    expect(fields(dec(await csv.encode(fixedTable.slice(1))))).toEqual(['[3,4]', '[-5,6]']);

    // A dense union inside a list: each item is its member's JSON.
    const unionType = new DenseUnion(
      [0, 1],
      [new Field('d', new Decimal(1, 5, 128), true), new Field('s', new Utf8(), true)],
    );
    const union = makeData({
      type: unionType,
      length: 3,
      typeIds: Int8Array.of(0, 1, 0),
      valueOffsets: Int32Array.of(0, 0, 1),
      children: [decimals(1, 5, [15n, null]), vectorFromArray(['x'], new Utf8()).data[0]],
    } as never);
    const listOfUnion = makeData({
      type: new List(new Field('item', unionType, true)),
      length: 1,
      valueOffsets: Int32Array.of(0, 3),
      child: union,
    } as never);
    expect(fields(dec(await csv.encode(new Table({ u: makeVector(listOfUnion) }))))).toEqual([
      '["1.5","x",null]',
    ]);

    const floats = vectorFromArray([[0.1, 0.2, 1 / 3]], new List(new Field('item', new Float32(), true)));
    expect(fields(dec(await csv.encode(new Table({ f: floats }))))).toEqual(['[0.1,0.2,0.33333334]']);
  });

  it('writes a top-level union member as its own column writes it (a decimal with its scale, not JSON)', async () => {
    const type = new DenseUnion(
      [0, 1],
      [new Field('d', new Decimal(2, 5, 128), true), new Field('s', new Utf8(), true)],
    );
    const union = makeData({
      type,
      length: 3,
      typeIds: Int8Array.of(0, 1, 0),
      valueOffsets: Int32Array.of(1, 0, 0),
      children: [decimals(2, 5, [-1n, 12345n]), vectorFromArray(['a,b'], new Utf8()).data[0]],
    } as never);
    const table = new Table({ u: makeVector(union) });
    expect(dec(await csv.encode(table))).toBe('u\n123.45\n"a,b"\n-0.01\n');
    expect(dec(await csv.encode(table.slice(1)))).toBe('u\n"a,b"\n-0.01\n');
  });

  describe('DuckDB', () => {
    let oracle: Oracle;
    beforeAll(async () => {
      oracle = await openOracle();
    });
    afterAll(() => oracle?.close());

    it('reads the nested JSON back to the exact decimals, int64, timestamps, dates and times', async () => {
      const path = sqlString(oracle.file('nested.csv', (await csv.encode(structTable())) as Uint8Array));
      const shape = JSON.stringify({
        d: 'DECIMAL(10,2)',
        dt: 'VARCHAR',
        ts: 'TIMESTAMPTZ',
        local: 'TIMESTAMP',
        i: 'BIGINT',
        u: 'UBIGINT',
        f: 'FLOAT',
        t: 'TIME',
        day: 'DATE',
      });
      const rows = await oracle.rows(
        `SELECT x.d::VARCHAR d, epoch_us(x.ts) ts, epoch(x."local") "local", x.i::VARCHAR i, x.u::VARCHAR u, x.f f, x.t::VARCHAR t, x."day"::VARCHAR "day" FROM (SELECT json_transform(s, '${shape}') x FROM read_csv(${path}, header = true, auto_detect = false, columns = {'s': 'VARCHAR'}))`,
      );
      expect(rows).toEqual([
        {
          d: '12.50',
          ts: '1704164645123456',
          local: 1704164645,
          i: '9223372036854775807',
          u: '18446744073709551615',
          f: 0.10000000149011612,
          t: '12:34:56.789',
          day: '2024-01-02',
        },
        { d: null, ts: null, local: null, i: null, u: null, f: null, t: null, day: null },
        {
          d: '-0.01',
          ts: '-1',
          local: 0,
          i: '-9223372036854775808',
          u: '1',
          f: 'NaN',
          t: null,
          day: '1969-12-31',
        },
      ]);
      const back = await oracle.rows(
        `SELECT json_transform(l, '["DECIMAL(20,3)"]')::VARCHAR l FROM read_csv(${sqlString(oracle.file('list.csv', (await csv.encode(listTable())) as Uint8Array))}, header = true, auto_detect = false, columns = {'l': 'VARCHAR'})`,
      );
      expect(back.map((r) => r.l)).toEqual([
        '[0.001, -2.500]',
        '[]',
        null,
        '[10000000000000000.000, NULL]',
        '[0.007]',
        '[123.456]',
      ]);
    });
  });
});
