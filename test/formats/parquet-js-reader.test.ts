import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, FormatError, UsageError } from '../../src/errors.js';
import { createParquetCodec } from '../../src/formats/index.js';
import { loadParquetWasm } from '../../src/formats/parquet/load-parquet-wasm.js';
import { readParquetJs } from '../../src/formats/parquet/reader/read-parquet-js.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';
import { expectSameAsWasm } from './helpers/parquet-differential.js';
import { tableDigest } from './helpers/table-digest.js';
import { allTypesTable } from './js-writer-tables.js';
import { randomTables } from './random-tables.js';

/** Every type the fast path reads, a null every 7th row; low-cardinality columns get dictionaries. */
const SUPPORTED = `SELECT
  i::BIGINT AS id,
  CASE WHEN i % 7 = 3 THEN NULL ELSE i % 2 = 0 END AS b,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (i % 200 - 100)::TINYINT END AS i8,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (i * 37 % 65536 - 32768)::SMALLINT END AS i16,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (i * 7919 % 4294967296 - 2147483648)::INTEGER END AS i32,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (hash(i) // 2)::BIGINT * (1 - 2 * (i % 2)) END AS i64,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (i % 256)::UTINYINT END AS u8,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (i * 13 % 65536)::USMALLINT END AS u16,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (4294967295 - i)::UINTEGER END AS u32,
  CASE WHEN i % 7 = 3 THEN NULL ELSE hash(i)::UBIGINT END AS u64,
  CASE WHEN i % 7 = 3 THEN NULL WHEN i % 11 = 0 THEN 'NaN'::FLOAT ELSE (i / 3)::FLOAT END AS f32,
  CASE WHEN i % 7 = 3 THEN NULL WHEN i % 13 = 0 THEN '-0'::DOUBLE ELSE i * 1.25e-3 END AS f64,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (i % 10)::DOUBLE END AS f64_dict,
  CASE WHEN i % 7 = 3 THEN NULL ELSE 'cat-' || (i % 17) END AS s_dict,
  CASE WHEN i % 7 = 3 THEN NULL ELSE md5(i::VARCHAR) || CASE WHEN i % 5 = 0 THEN ' ünï 日本 😀' ELSE '' END END AS s_plain,
  CASE WHEN i % 7 = 3 THEN NULL ELSE '' END AS s_empty,
  CASE WHEN i % 7 = 3 THEN NULL ELSE encode(md5(i::VARCHAR))::BLOB END AS bin,
  CASE WHEN i % 7 = 3 THEN NULL ELSE DATE '1970-01-01' + (i * 37 % 100000 - 50000)::INTEGER END AS d,
  CASE WHEN i % 7 = 3 THEN NULL ELSE TIME '00:00:00' + INTERVAL (i * 997 % 86400) SECOND END AS t,
  CASE WHEN i % 7 = 3 THEN NULL ELSE TIMESTAMP '2000-01-01' + INTERVAL (i * 7717) SECOND END AS ts,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (TIMESTAMP '1960-01-01' + INTERVAL (i) MINUTE)::TIMESTAMP_MS END AS ts_ms,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (TIMESTAMP '2020-01-01' + INTERVAL (i) MICROSECOND)::TIMESTAMP_NS END AS ts_ns,
  CASE WHEN i % 7 = 3 THEN NULL ELSE (TIMESTAMP '2000-01-01' + INTERVAL (i) HOUR)::TIMESTAMPTZ END AS tstz,
  CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS mostly_null
FROM range(0, 5000) t(i)`;

/** Columns of allTypesTable the fast path takes when arrow-rs or our writer wrote them. */
const SUPPORTED_TYPES = [
  'bool',
  'i8',
  'i16',
  'i32',
  'i64',
  'u8',
  'u16',
  'u32',
  'u64',
  'f32',
  'f64',
  'utf8',
  'binary',
  'date32',
  'ts_ms_utc',
  'ts_us_tz',
  'ts_ns',
  'time_ms',
  'time_us',
  'time_ns',
];

let oracle: Oracle;
let seq = 0;
beforeAll(async () => {
  oracle = await openOracle();
});
afterAll(() => oracle?.close());

/** Has DuckDB write `query` with `options` and returns the file's bytes. */
async function duckdbFile(query: string, options: string): Promise<Uint8Array> {
  const path = join(oracle.dir, `duck-${seq++}.parquet`);
  await oracle.connection.run(`COPY (${query}) TO ${sqlString(path)} (FORMAT parquet, ${options})`);
  return readFileSync(path);
}

describe('TypeScript Parquet reader against arrow-rs: files DuckDB writes', () => {
  it.each(['snappy', 'gzip', 'zstd', 'uncompressed', 'lz4_raw', 'brotli'])(
    'every supported type with nulls, %s, several row groups',
    async (codec) => {
      const bytes = await duckdbFile(SUPPORTED, `COMPRESSION ${codec}, ROW_GROUP_SIZE 2048`);
      expect(await expectSameAsWasm(bytes)).toBe(true);
    },
  );

  it('data page v2 and DuckDB V2 encodings (delta, byte stream split)', async () => {
    // DuckDB writes the first value of a UINTEGER delta page unsigned, which arrow-rs refuses: without it,
    // the fast path takes the file; with it, both fail alike.
    const withoutU32 = SUPPORTED.replace(/\n[^\n]*AS u32,/, '');
    expect(await expectSameAsWasm(await duckdbFile(SUPPORTED, 'PARQUET_VERSION V2'))).toBe(false);
    const bytes = await duckdbFile(withoutU32, `PARQUET_VERSION V2, ROW_GROUP_SIZE 2048`);
    expect(await expectSameAsWasm(bytes)).toBe(true);
    const [{ v2 }] = (await oracle.rows(
      `SELECT count(*)::INT AS v2 FROM parquet_metadata(${sqlString(join(oracle.dir, `duck-${seq - 1}.parquet`))})
       WHERE encodings LIKE '%DELTA%'`,
    )) as [{ v2: number }];
    expect(v2).toBeGreaterThan(0);
  });

  it('one big row group of plain and dictionary pages', async () => {
    const bytes = await duckdbFile(SUPPORTED.replace('5000', '200000'), 'COMPRESSION snappy');
    expect(await expectSameAsWasm(bytes)).toBe(true);
  });

  it('a file without rows', async () => {
    const bytes = await duckdbFile(`${SUPPORTED} WHERE false`, 'COMPRESSION snappy');
    expect(await expectSameAsWasm(bytes)).toBe(true);
    expect(readParquetJs(bytes)?.numRows).toBe(0);
  });

  it('all-null and constant columns', async () => {
    const q = `SELECT NULL::INTEGER AS n, 1::INTEGER AS c, NULL::VARCHAR AS s, 'x' AS x FROM range(0, 3000)`;
    expect(await expectSameAsWasm(await duckdbFile(q, 'ROW_GROUP_SIZE 1024'))).toBe(true);
  });

  it('leaves types outside the fast path to arrow-rs, with the same result', async () => {
    for (const expr of ['1.25::DECIMAL(9,2)', 'uuid()', 'INTERVAL 3 DAY', '[1, 2]', "{'a': 1}"]) {
      const bytes = await duckdbFile(`SELECT i, ${expr} AS v FROM range(0, 10) t(i)`, 'COMPRESSION snappy');
      expect(await expectSameAsWasm(bytes), expr).toBe(false);
    }
  });

  it('a corrupt page: the codec reports what parquet-wasm reports', async () => {
    const bytes = await duckdbFile(SUPPORTED, 'COMPRESSION uncompressed, ROW_GROUP_SIZE 2048');
    let checked = 0;
    for (const at of [0.1, 0.3, 0.5, 0.7]) {
      const broken = Uint8Array.from(bytes);
      const pos = Math.floor(broken.length * at);
      broken.fill(0xff, pos, pos + 64);
      await expectSameAsWasm(broken);
      checked++;
    }
    expect(checked).toBe(4);
  });
});

describe('TypeScript Parquet reader against arrow-rs: files our codec writes', () => {
  it.each(['parquet-wasm', 'auto'] as const)('random tables, writer %s', async (writer) => {
    const codec = createParquetCodec({ writer, rowGroupSize: 7 });
    await fc.assert(
      fc.asyncProperty(randomTables, async (table) => {
        const bytes = (await codec.encode(table)) as Uint8Array;
        expect(await expectSameAsWasm(bytes)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it.each(['parquet-wasm', 'auto'] as const)('each column type alone, writer %s', async (writer) => {
    const all = allTypesTable(300, 5);
    const taken: string[] = [];
    for (const field of all.schema.fields) {
      const table = all.select([field.name]);
      for (const options of [{}, { deltaEncodings: true }, { compression: 'zstd' as const }]) {
        const bytes = (await createParquetCodec({ writer, ...options }).encode(table)) as Uint8Array;
        if ((await expectSameAsWasm(bytes)) && !taken.includes(field.name)) taken.push(field.name);
      }
    }
    // The types arrow-rs reads back as written, without a cast the fast path does not make.
    for (const name of SUPPORTED_TYPES) expect(taken).toContain(name);
  });
});

describe('TypeScript Parquet reader and writer agree', () => {
  it('the reader takes every file the writer writes (its footer keeps to the format, field types included)', async () => {
    // The types both take (the reader leaves a few hints, such as LargeUtf8, to arrow-rs).
    const all = allTypesTable(300, 5).select([...SUPPORTED_TYPES]);
    expect(all.numCols).toBe(SUPPORTED_TYPES.length);
    for (const options of [{}, { deltaEncodings: true }, { rowGroupSize: 64 }]) {
      const bytes = (await createParquetCodec({ writer: 'auto', ...options }).encode(all)) as Uint8Array;
      expect(new TextDecoder('latin1').decode(bytes.subarray(-2000))).toContain('qwak-batch (js writer)');
      expect(readParquetJs(bytes), JSON.stringify(options)).toBeDefined();
      expect(await expectSameAsWasm(bytes)).toBe(true);
    }
  });
});

describe('TypeScript Parquet reader against arrow-rs: files arrow-rs writes', () => {
  it.each(['SNAPPY', 'ZSTD', 'GZIP', 'LZ4_RAW', 'BROTLI', 'UNCOMPRESSED'] as const)(
    'data page v2, small pages, dictionary and plain, %s',
    async (compression) => {
      const pw = await loadParquetWasm();
      const table = allTypesTable(3000, 4).select(SUPPORTED_TYPES);
      for (const dictionary of [true, false]) {
        const props = new pw.WriterPropertiesBuilder()
          .setWriterVersion(pw.WriterVersion.V2)
          .setCompression(pw.Compression[compression])
          .setDictionaryEnabled(dictionary)
          .setDataPageSizeLimit(1024)
          .setMaxRowGroupSize(1000)
          .build();
        const bytes = pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(table, 'stream')), props);
        expect(await expectSameAsWasm(bytes)).toBe(true);
      }
    },
  );
});

describe('the Parquet codec reader option', () => {
  it('refuses an unknown reader', () => {
    expect(() => createParquetCodec({ reader: 'hyparquet' as 'auto' })).toThrow(UsageError);
  });

  it("'parquet-wasm' and 'auto' read the same table", async () => {
    const bytes = await duckdbFile(SUPPORTED, 'COMPRESSION snappy, ROW_GROUP_SIZE 2048');
    const a = await createParquetCodec().decode(bytes);
    const b = await createParquetCodec({ reader: 'parquet-wasm' }).decode(bytes);
    expect(tableDigest(a)).toEqual(tableDigest(b));
    expect(a.batches.length).toBeGreaterThan(1);
  });

  it('stops between row groups when the signal fires, with an AbortError', async () => {
    const bytes = await duckdbFile(SUPPORTED, 'COMPRESSION snappy, ROW_GROUP_SIZE 2048');
    const controller = new AbortController();
    let groups = 0;
    const signal = new Proxy(controller.signal, {
      get(target, key) {
        // Fires once the reader has checked the signal for the second row group.
        if (key === 'aborted' && ++groups === 2) controller.abort();
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    expect(() => readParquetJs(bytes, { signal })).toThrow(AbortError);
    await expect(createParquetCodec().decode(bytes, { signal: controller.signal })).rejects.toThrow(
      AbortError,
    );
  });

  it('gives FormatError for a file that is not Parquet, as before', async () => {
    await expect(createParquetCodec().decode(new TextEncoder().encode('PAR1 nope PAR1'))).rejects.toThrow(
      FormatError,
    );
  });
});
