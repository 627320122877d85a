import {
  Bool,
  type DataType,
  DateDay,
  Float64,
  Int64,
  Table,
  TimeUnit,
  Timestamp,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Codec, createCsvCodec, createFeatherCodec, createParquetCodec } from '../../src/formats/index.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';

const DAY = 86_400_000;
// Years 0001 to 9999: the range ISO-8601 text (and so CSV) holds with four-digit years.
const MIN_MS = -62135596800000;
const MAX_MS = 253402300799999;

interface ColumnGen {
  readonly type: () => DataType;
  readonly value: fc.Arbitrary<unknown>;
}

const COLUMN_KINDS: Record<string, ColumnGen> = {
  int64: { type: () => new Int64(), value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
  float64: {
    type: () => new Float64(),
    value: fc.oneof(
      fc.double(),
      fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MAX_VALUE),
    ),
  },
  boolean: { type: () => new Bool(), value: fc.boolean() },
  utf8: {
    type: () => new Utf8(),
    value: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('', ',', '"', '\n', '\r\n', 'a,"b"', ' x ')),
  },
  date: { type: () => new DateDay(), value: fc.integer({ min: MIN_MS / DAY, max: Math.floor(MAX_MS / DAY) }).map((d) => new Date(d * DAY)) },
  timestamp: { type: () => new Timestamp(TimeUnit.MILLISECOND, 'UTC'), value: fc.integer({ min: MIN_MS, max: MAX_MS }) },
};

/** A random table: 1 to 6 columns of the supported types, 0 to 25 rows, about a fifth of values null. */
const tables = fc
  .tuple(
    fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/), fc.constantFrom(...Object.keys(COLUMN_KINDS))), {
      minLength: 1,
      maxLength: 6,
      selector: ([name]) => name,
    }),
    fc.integer({ min: 0, max: 25 }),
  )
  .chain(([columns, rows]) =>
    fc
      .tuple(
        ...columns.map(([, kind]) =>
          fc.array(fc.option((COLUMN_KINDS[kind] as ColumnGen).value, { freq: 5 }), { minLength: rows, maxLength: rows }),
        ),
      )
      .map(
        (values) =>
          new Table(
            Object.fromEntries(
              columns.map(([name, kind], i) => [name, vectorFromArray(values[i] as unknown[], (COLUMN_KINDS[kind] as ColumnGen).type())]),
            ),
          ),
      ),
  );

/** CSV carries no types: the reader is told the writer's types, as a user would with `columnTypes`. */
function csvFor(table: Table): Codec {
  const columnTypes = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.type]));
  return createCsvCodec({ columnTypes });
}

const codecs: [string, (t: Table) => Codec][] = [
  ['csv', csvFor],
  ['parquet', () => createParquetCodec()],
  ['parquet (zstd)', () => createParquetCodec({ compression: 'zstd' })],
  ['feather', () => createFeatherCodec()],
  ['feather (lz4)', () => createFeatherCodec({ compression: 'lz4' })],
];

describe.each(codecs)('property: %s round-trips random tables exactly', (_name, make) => {
  it('keeps schema and every value, nulls, unicode and extremes included', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (table) => {
        const codec = make(table);
        const back = await codec.decode(await codec.encode(table));
        expect(schemaOf(back)).toEqual(schemaOf(table));
        expect(back.numRows).toBe(table.numRows);
        expect(canonicalRows(back)).toEqual(canonicalRows(table));
      }),
      { numRuns: 60 },
    );
  });
});
