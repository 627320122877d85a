import { tableFromIPC, tableToIPC } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PredictorError } from '../../src/errors.js';
import { rowsToTable } from '../../src/predictors/rows-to-table.js';

type Kind = 'int' | 'float' | 'bigint' | 'string' | 'boolean' | 'date';

const valuesOf: Record<Kind, fc.Arbitrary<unknown>> = {
  int: fc.maxSafeInteger(),
  // Whole numbers too (a column of them all whole turns int64, which `expected` follows).
  float: fc.oneof(fc.double(), fc.integer()),
  bigint: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  // Every UTF-16 unit, lone surrogates included; short ASCII and long text both.
  string: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ maxLength: 8 }),
    // Short strings of 1- and 2-byte characters, and of surrogate halves (paired or not).
    fc.string({ unit: fc.integer({ min: 0, max: 0x7ff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
    fc.string({
      unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
      maxLength: 4,
    }),
  ),
  boolean: fc.boolean(),
  date: fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)),
};

/** Rows over up to 4 columns, each of one kind, with values missing, null or undefined here and there. */
const rowsArb = fc
  .uniqueArray(
    fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), fc.constantFrom(...(Object.keys(valuesOf) as Kind[]))),
    {
      minLength: 1,
      maxLength: 4,
      selector: ([name]) => name,
    },
  )
  .chain((columns) =>
    fc.array(
      fc.record(
        Object.fromEntries(
          columns.map(([name, kind]) => [
            name,
            fc.oneof({ weight: 5, arbitrary: valuesOf[kind] }, fc.constant(null), fc.constant(undefined)),
          ]),
        ),
        { requiredKeys: [] },
      ),
      { maxLength: 60 },
    ),
  );

/** What a cell should read back as, by the documented rules, independent of how the table was built. */
function expected(values: unknown[], v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    const whole = values.every(
      (x) => x === null || x === undefined || (Number.isSafeInteger(x) && !Object.is(x, -0)),
    );
    return whole ? BigInt(v) : v;
  }
  if (typeof v === 'string') return new TextDecoder().decode(new TextEncoder().encode(v));
  if (v instanceof Date) return v.getTime();
  return v;
}

describe('rowsToTable', () => {
  it('reads back every value of random rows, also after an IPC round trip', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const table = rowsToTable(rows, 'f.csv');
        const back = tableFromIPC(tableToIPC(table));
        const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
        expect(table.schema.fields.map((f) => f.name)).toEqual(names);
        expect(table.numRows).toBe(names.length === 0 ? 0 : rows.length);
        for (const name of names) {
          const column = rows.map((r) => (r as Record<string, unknown>)[name]);
          for (const t of [table, back]) {
            const vector = t.getChild(name)!;
            const got = Array.from({ length: rows.length }, (_, i) => vector.get(i));
            expect(got).toEqual(column.map((v) => expected(column, v)));
            expect(vector.nullCount).toBe(column.filter((v) => v === null || v === undefined).length);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('writes 64-bit integers exactly at the edges of the safe range, negative ones included', () => {
    const values = [
      0,
      -1,
      1,
      2 ** 32 - 1,
      2 ** 32,
      -(2 ** 32),
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
    ];
    const table = rowsToTable(
      values.map((v) => ({ v })),
      'f.csv',
    );
    expect(String(table.schema.fields[0]!.type)).toBe('Int64');
    expect(table.getChild('v')!.toArray()).toEqual(BigInt64Array.from(values.map((v) => BigInt(v))));
  });

  it('refuses what would be written wrong, naming file, column and row', () => {
    const bad = (rows: unknown[], pattern: RegExp) => {
      let error: unknown;
      try {
        rowsToTable(rows, 'file:///d/f.csv');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PredictorError);
      expect((error as Error).message).toMatch(/f\.csv/);
      expect((error as Error).message).toMatch(pattern);
    };
    bad(
      [{ a: 1n }, { a: 2n ** 63n }],
      /column "a", row 2 holds 9223372036854775808n, outside the 64-bit integer range/,
    );
    bad([{ a: -(2n ** 63n) - 1n }], /column "a", row 1 holds .*outside the 64-bit/);
    bad([{ d: new Date(0) }, { d: new Date(Number.NaN) }], /column "d", row 2 holds an invalid Date/);
    bad([{ a: 1 }, { a: 'x' }], /column "a" mixes types \(number and string at row 2\)/);
    bad([{ a: 1 }, 'row'], /row 2 is a string, not an object/);
    bad([{ a: { nested: 1 } }], /column "a", row 1 holds an object/);
  });
});
