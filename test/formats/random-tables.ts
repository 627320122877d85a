import {
  Bool,
  type DataType,
  DateDay,
  Float64,
  Int64,
  Table,
  Timestamp,
  TimeUnit,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';

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
      fc.constantFrom(
        0,
        -0,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.MAX_VALUE,
        Number.MIN_VALUE,
        -Number.MAX_VALUE,
      ),
    ),
  },
  boolean: { type: () => new Bool(), value: fc.boolean() },
  utf8: {
    type: () => new Utf8(),
    value: fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.constantFrom('', ',', '"', '\n', '\r\n', 'a,"b"', ' x '),
    ),
  },
  date: {
    type: () => new DateDay(),
    value: fc.integer({ min: MIN_MS / DAY, max: Math.floor(MAX_MS / DAY) }).map((d) => new Date(d * DAY)),
  },
  timestamp: {
    type: () => new Timestamp(TimeUnit.MILLISECOND, 'UTC'),
    value: fc.integer({ min: MIN_MS, max: MAX_MS }),
  },
};

/** A random table: 1 to 6 columns of the supported types, 0 to 25 rows, about a fifth of values null. */
export const randomTables: fc.Arbitrary<Table> = fc
  .tuple(
    fc.uniqueArray(
      fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/), fc.constantFrom(...Object.keys(COLUMN_KINDS))),
      {
        minLength: 1,
        maxLength: 6,
        selector: ([name]) => name,
      },
    ),
    fc.integer({ min: 0, max: 25 }),
  )
  .chain(([columns, rows]) =>
    fc
      .tuple(
        ...columns.map(([, kind]) =>
          fc.array(fc.option((COLUMN_KINDS[kind] as ColumnGen).value, { freq: 5 }), {
            minLength: rows,
            maxLength: rows,
          }),
        ),
      )
      .map(
        (values) =>
          new Table(
            Object.fromEntries(
              columns.map(([name, kind], i) => [
                name,
                vectorFromArray(values[i] as unknown[], (COLUMN_KINDS[kind] as ColumnGen).type()),
              ]),
            ),
          ),
      ),
  );
