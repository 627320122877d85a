import { tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParquetCodec } from '../../src/formats/index.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

let oracle: Oracle;
beforeAll(async () => {
  oracle = await openOracle();
});
afterAll(() => oracle?.close());

describe('Parquet dictionary pages', () => {
  it('are written for strings and numbers, not for key-like columns (ids, event times)', async () => {
    const n = 20_000;
    const table = tableFromArrays({
      id: Float64Array.from({ length: n }, (_, i) => i * 1.37),
      quantity: Int32Array.from({ length: n }, (_, i) => i % 12),
      price: Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 5003) / 100),
      country: Array.from({ length: n }, (_, i) => ['DE', 'FR', 'IL', 'US'][i % 4]!),
    });
    const bytes = (await createParquetCodec().encode(table)) as Uint8Array;
    const path = oracle.file('dictionary.parquet', bytes);
    const rows = await oracle.rows(
      `SELECT path_in_schema AS col, string_agg(DISTINCT encodings, ',') AS enc
       FROM parquet_metadata(${sqlString(path)}) GROUP BY col ORDER BY col`,
    );
    const encodings = Object.fromEntries(rows.map((r) => [String(r.col), String(r.enc)]));
    expect(encodings.country).toMatch(/DICTIONARY/);
    expect(encodings.quantity).toMatch(/DICTIONARY/);
    expect(encodings.price).toMatch(/DICTIONARY/);
    expect(encodings.id).not.toMatch(/DICTIONARY/);
    // And the values read back as written.
    const back = await oracle.rows(
      `SELECT count(*)::INT AS n, sum(quantity)::INT AS q, count(DISTINCT country)::INT AS c FROM ${sqlString(path)}`,
    );
    expect(back[0]).toEqual({
      n,
      q: Array.from({ length: n }, (_, i) => i % 12).reduce((a, b) => a + b, 0),
      c: 4,
    });
  });
});
