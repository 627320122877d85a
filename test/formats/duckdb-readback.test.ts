import type { DataType, Table } from 'apache-arrow';
import { Type } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvCodec, createParquetCodec } from '../../src/formats/index.js';
import { canonicalRows } from './helpers/canonical.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';
import { randomTables } from './random-tables.js';
import { sampleTable } from './sample-table.js';

/**
 * Every file our codecs write must read back identically in DuckDB. DuckDB reads our file and writes it
 * again as Parquet with its own writer; our reader must then see the table we started from.
 */
describe('DuckDB reads what the codecs write', () => {
  let oracle: Oracle;
  let seq = 0;
  beforeAll(async () => {
    oracle = await openOracle();
  });
  afterAll(() => oracle?.close());

  const throughDuckDb = async (from: string): Promise<Table> => {
    const out = `${oracle.dir}/duck-${seq++}.parquet`;
    await oracle.connection.run(`COPY (${from}) TO ${sqlString(out)} (FORMAT parquet)`);
    const { readFileSync } = await import('node:fs');
    return createParquetCodec().decode(readFileSync(out));
  };

  it('Parquet: random tables', async () => {
    const parquet = createParquetCodec();
    await fc.assert(
      fc.asyncProperty(randomTables, async (table) => {
        const path = oracle.file(`ours-${seq++}.parquet`, (await parquet.encode(table)) as Uint8Array);
        const back = await throughDuckDb(`SELECT * FROM read_parquet(${sqlString(path)})`);
        expect(canonicalRows(back)).toEqual(canonicalRows(table));
      }),
      { numRuns: 15 },
    );
  });

  it('Parquet: nested and dictionary columns', async () => {
    const table = sampleTable();
    const path = oracle.file('sample.parquet', (await createParquetCodec().encode(table)) as Uint8Array);
    const back = await throughDuckDb(`SELECT * FROM read_parquet(${sqlString(path)})`);
    expect(canonicalRows(back)).toEqual(canonicalRows(table));
  });

  it('Parquet: current annotations, snappy by default, zstd on request', async () => {
    const table = sampleTable();
    const snappy = oracle.file('snappy.parquet', (await createParquetCodec().encode(table)) as Uint8Array);
    const zstd = oracle.file(
      'zstd.parquet',
      (await createParquetCodec({ compression: 'zstd' }).encode(table)) as Uint8Array,
    );
    const [ts] = await oracle.rows(
      `SELECT logical_type, converted_type FROM parquet_schema(${sqlString(snappy)}) WHERE name = 'ts'`,
    );
    expect(String(ts?.logical_type)).toMatch(/TimestampType\(isAdjustedToUTC=1, unit=TimeUnit\(MILLIS/);
    const codecs = async (p: string) =>
      (await oracle.rows(`SELECT DISTINCT compression FROM parquet_metadata(${sqlString(p)})`)).map(
        (r) => r.compression,
      );
    expect(await codecs(snappy)).toEqual(['SNAPPY']);
    expect(await codecs(zstd)).toEqual(['ZSTD']);
  });

  it('CSV: random tables, read by DuckDB with the same column types', async () => {
    await fc.assert(
      fc.asyncProperty(randomTables, async (table) => {
        const path = oracle.file(`ours-${seq++}.csv`, (await createCsvCodec().encode(table)) as Uint8Array);
        const columns = table.schema.fields
          .map((f) => `${sqlString(f.name)}: ${sqlString(duckType(f.type))}`)
          .join(', ');
        const back = await throughDuckDb(
          // allow_quoted_nulls = false: our writer marks an empty string "" and a null as nothing; DuckDB (like
          // pandas) reads both as null unless told otherwise.
          `SELECT * FROM read_csv(${sqlString(path)}, header = true, auto_detect = false, quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${columns}})`,
        );
        expect(canonicalRows(back)).toEqual(canonicalRows(table));
      }),
      { numRuns: 15 },
    );
  });

  it('CSV: DuckDB detects the types our writer implies', async () => {
    const table = sampleTable().select(['id', 'x', 'flag', 'name', 'day', 'ts']);
    const path = oracle.file('sniff.csv', (await createCsvCodec().encode(table)) as Uint8Array);
    const types = await oracle.rows(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv(${sqlString(path)}))`,
    );
    expect(types.map((r) => `${r.column_name}: ${r.column_type}`)).toEqual([
      'id: BIGINT',
      'x: DOUBLE',
      'flag: BOOLEAN',
      'name: VARCHAR',
      'day: DATE',
      'ts: TIMESTAMP WITH TIME ZONE',
    ]);
  });
});

function duckType(type: DataType): string {
  switch (type.typeId) {
    case Type.Int:
      return 'BIGINT';
    case Type.Float:
      return 'DOUBLE';
    case Type.Bool:
      return 'BOOLEAN';
    case Type.Date:
      return 'DATE';
    case Type.Timestamp:
      return 'TIMESTAMPTZ';
    default:
      return 'VARCHAR';
  }
}
