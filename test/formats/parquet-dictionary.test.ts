import { makeVector, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { createParquetCodec } from '../../src/formats/index.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

let oracle: Oracle;
beforeAll(async () => {
  oracle = await openOracle();
});
afterAll(() => oracle?.close());

const n = 20_000;
const labels = Array.from({ length: n }, (_, i) => `label-${(i * 2654435761) % 1_000_003}`);
const countries = Array.from({ length: n }, (_, i) => ['DE', 'FR', 'IL', 'US'][i % 4]!);
const table = new Table({
  id: makeVector(Float64Array.from({ length: n }, (_, i) => i * 1.37)),
  key: makeVector(BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 7919n)),
  quantity: makeVector(Int32Array.from({ length: n }, (_, i) => i % 12)),
  price: makeVector(Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 5003) / 100)),
  country: vectorFromArray(countries, new Utf8()),
  label: vectorFromArray(labels, new Utf8()),
  // Arrow dictionary-typed strings: planned by their values, like the Utf8 columns above.
  countryDict: vectorFromArray(countries),
  labelDict: vectorFromArray(labels),
});

/** The encodings DuckDB sees in each column chunk of the written file. */
async function encodingsOf(bytes: Uint8Array, name: string): Promise<Record<string, string>> {
  const path = oracle.file(name, bytes);
  const rows = await oracle.rows(
    `SELECT path_in_schema AS col, string_agg(DISTINCT encodings, ',') AS enc
     FROM parquet_metadata(${sqlString(path)}) GROUP BY col ORDER BY col`,
  );
  return Object.fromEntries(rows.map((r) => [String(r.col), String(r.enc)]));
}

const COLUMNS = ['id', 'key', 'quantity', 'price', 'country', 'label', 'countryDict', 'labelDict'];

describe('Parquet column encodings', () => {
  it('by default: dictionary pages except on keys (distinct strings, monotonic numbers); delta encodings when asked', async () => {
    const bytes = (await createParquetCodec({ deltaEncodings: true }).encode(table)) as Uint8Array;
    const encodings = await encodingsOf(bytes, 'dictionary.parquet');
    expect(encodings.country).toMatch(/DICTIONARY/);
    expect(encodings.quantity).toMatch(/DICTIONARY/);
    // Distinct in the sample (its first 4,096 values) but repeating later (period 5,003): keeps the dictionary.
    expect(encodings.price).toMatch(/DICTIONARY/);
    // Keys: monotonic numbers and all-distinct strings, written without one (integers and strings with delta).
    expect(encodings.id).not.toMatch(/DICTIONARY/);
    expect(encodings.key).toMatch(/^(RLE, )?DELTA_BINARY_PACKED$/);
    expect(encodings.label).toMatch(/^(RLE, )?DELTA_LENGTH_BYTE_ARRAY$/);
    // Arrow dictionary-typed columns keep their dictionary.
    expect(encodings.countryDict).toMatch(/DICTIONARY/);
    expect(encodings.labelDict).toMatch(/DICTIONARY/);
    // And the values read back as written.
    const path = oracle.file('dictionary-read.parquet', bytes);
    const back = await oracle.rows(
      `SELECT count(*)::INT AS n, sum(quantity)::INT AS q, count(DISTINCT country)::INT AS c,
       max(key)::VARCHAR AS k, count(DISTINCT label)::INT AS l, max(price) AS p FROM ${sqlString(path)}`,
    );
    expect(back[0]).toEqual({
      n,
      q: Array.from({ length: n }, (_, i) => i % 12).reduce((a, b) => a + b, 0),
      c: 4,
      k: String(BigInt(n - 1) * 7919n),
      l: new Set(labels).size,
      p: 50.02,
    });
  });

  it('follow dictionaryMaxDistinctRatio: 0.5 by the sample alone, 1 every string and number column, 0 none', async () => {
    const half = await encodingsOf(
      (await createParquetCodec({ dictionaryMaxDistinctRatio: 0.5 }).encode(table)) as Uint8Array,
      'ratio-half.parquet',
    );
    expect(half.quantity).toMatch(/DICTIONARY/);
    expect(half.price).not.toMatch(/DICTIONARY/);
    expect(half.labelDict).not.toMatch(/DICTIONARY/);
    const all = await encodingsOf(
      (await createParquetCodec({ dictionaryMaxDistinctRatio: 1 }).encode(table)) as Uint8Array,
      'ratio-1.parquet',
    );
    for (const col of COLUMNS) expect(all[col]).toMatch(/DICTIONARY/);
    const none = await encodingsOf(
      (await createParquetCodec({ dictionaryMaxDistinctRatio: 0 }).encode(table)) as Uint8Array,
      'ratio-0.parquet',
    );
    for (const col of COLUMNS) expect(none[col]).not.toMatch(/DICTIONARY/);
    expect(() => createParquetCodec({ dictionaryMaxDistinctRatio: 1.5 })).toThrow(UsageError);
  });

  it('write PLAIN, not delta encodings, by default and with deltaEncodings: false', async () => {
    const defaults = await encodingsOf(
      (await createParquetCodec().encode(table)) as Uint8Array,
      'default.parquet',
    );
    const encodings = await encodingsOf(
      (await createParquetCodec({ deltaEncodings: false }).encode(table)) as Uint8Array,
      'plain.parquet',
    );
    expect(defaults).toEqual(encodings);
    for (const col of COLUMNS) expect(encodings[col], col).not.toMatch(/DELTA/);
    expect(encodings.key).toMatch(/PLAIN/);
    expect(encodings.label).toMatch(/PLAIN/);
    expect(encodings.country).toMatch(/DICTIONARY/);
  });
});
