import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { createCsvCodec, createParquetCodec } from '../../src/formats/index.js';
import { canonical, canonicalRows } from './helpers/canonical.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';
import { interopFolder } from './helpers/interop.js';

const good = interopFolder('parquet');
const bad = interopFolder('parquet-bad');
const parquet = createParquetCodec();

/**
 * Valid files the engine (arrow-rs in parquet-wasm) refuses, with the typed error it gives. Each must still
 * fail with a FormatError naming the file, never with wrong data.
 */
const REFUSED: Record<string, RegExp> = {
  // A column chunk whose dictionary_page_offset is 0; arrow-rs's footer decoder rejects the file.
  'dict-page-offset-zero.parquet': /Parquet error/,
  // Corrupt on purpose (a malformed dictionary page): a typed error is the right answer.
  'nation.dict-malformed.parquet': /Invalid page header/,
};

/** DuckDB cannot read the legacy LZ4 codec; these hold the same four rows as the LZ4_RAW file. */
const SAME_AS: Record<string, string> = {
  'hadoop_lz4_compressed.parquet': 'lz4_raw_compressed.parquet',
  'non_hadoop_lz4_compressed.parquet': 'lz4_raw_compressed.parquet',
};

/** DuckDB cannot read a map without values; the expected rows, from the file's description upstream. */
const EXPECTED_ROWS: Record<string, unknown[]> = {
  'map_no_value.parquet': [1, 4, 7].map((k) => ({
    my_map: { [k]: null, [k + 1]: null, [k + 2]: null },
    my_map_no_v: [k, k + 1, k + 2],
    my_list: [k, k + 1, k + 2],
  })),
};

const files = good.skip
  ? []
  : readdirSync(good.path)
      .filter((f) => f.endsWith('.parquet'))
      .sort();
const badFiles = bad.skip
  ? []
  : readdirSync(bad.path)
      .filter((f) => f.endsWith('.parquet'))
      .sort();

describe.skipIf(good.skip)('Parquet interop: the Apache Parquet test files', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await openOracle();
  });
  afterAll(() => oracle?.close());

  it('has the 53 files of the suite', () => {
    expect(files.length).toBe(53);
  });

  it.each(files.filter((f) => !(f in REFUSED)))('%s reads as DuckDB reads it', async (name) => {
    const table = await parquet.decode(readFileSync(join(good.path, name)), { file: name });
    if (EXPECTED_ROWS[name]) {
      expect(canonicalRows(table)).toEqual(EXPECTED_ROWS[name]);
      return;
    }
    const path = join(good.path, SAME_AS[name] ?? name);
    const [{ n }] = (await oracle.rows(
      `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(path)})`,
    )) as [{ n: number }];
    expect(table.numRows).toBe(n);
    // Write what we read back out with our codec and let DuckDB compare every value both ways.
    const ours = oracle.file(`ours-${name}`, (await parquet.encode(table, { file: name })) as Uint8Array);
    const a = `SELECT * FROM read_parquet(${sqlString(path)})`;
    const b = `SELECT * FROM read_parquet(${sqlString(ours)})`;
    const [diff] = await oracle.rows(
      `SELECT (SELECT count(*) FROM (${a} EXCEPT ALL ${b}))::INTEGER AS missing, (SELECT count(*) FROM (${b} EXCEPT ALL ${a}))::INTEGER AS extra`,
    );
    expect(diff).toEqual({ missing: 0, extra: 0 });
  });

  it.each(Object.entries(REFUSED).filter(([f]) => files.includes(f)))(
    '%s fails with a typed error',
    async (name, match) => {
      const error = await parquet
        .decode(readFileSync(join(good.path, name)), { file: name })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FormatError);
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).toMatch(match);
    },
  );

  it.each(files.filter((f) => f.startsWith('delta_')))('%s matches its _expect.csv', async (name) => {
    const expectPath = join(good.path, name.replace('.parquet', '_expect.csv'));
    const expected = await createCsvCodec({ inferTypes: false }).decode(readFileSync(expectPath));
    const table = await parquet.decode(readFileSync(join(good.path, name)), { file: name });
    expect(table.numRows).toBe(expected.numRows);
    // Compared by position: two upstream headers differ from the files' names (a leading space, a colon).
    expect(table.numCols).toBe(expected.numCols);
    for (let c = 0; c < expected.numCols; c++) {
      const column = table.schema.fields[c]?.name;
      const got = table.getChildAt(c);
      const want = expected.getChildAt(c);
      for (let r = 0; r < table.numRows; r++) {
        const value = canonical(got?.get(r));
        const text =
          value === null
            ? null
            : Array.isArray(value)
              ? new TextDecoder().decode(Uint8Array.from(value as number[]))
              : String(value);
        expect(text, `${column} row ${r + 1}`).toBe(want?.get(r) ?? null);
      }
    }
  });
});

describe.skipIf(bad.skip)('Parquet interop: the malformed files', () => {
  it('has the 5 files', () => {
    expect(badFiles.length).toBe(5);
  });

  it.each(badFiles)('%s fails with a typed error, without a crash or a hang', async (name) => {
    const started = Date.now();
    const error = await parquet
      .decode(readFileSync(join(bad.path, name)), { file: name })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toContain(name);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
