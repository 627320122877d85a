import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { FormatError, UsageError } from '../../src/errors.js';
import { createFeatherCodec, createParquetCodec } from '../../src/formats/index.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';
import { sampleTable } from './sample-table.js';

const parquet = createParquetCodec();

async function* stream(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('Parquet codec', () => {
  it('round-trips every common type, from bytes and from a stream', async () => {
    const table = sampleTable();
    const bytes = (await parquet.encode(table)) as Uint8Array;
    for (const input of [bytes, stream(bytes, 100)]) {
      const back = await parquet.decode(input);
      expect(schemaOf(back)).toEqual(schemaOf(table));
      expect(canonicalRows(back)).toEqual(canonicalRows(table));
    }
  });

  it.each(['snappy', 'zstd', 'gzip', 'lz4_raw', 'brotli', 'none'] as const)(
    'writes and reads %s',
    async (compression) => {
      const table = sampleTable();
      const codec = createParquetCodec({ compression });
      expect(canonicalRows(await codec.decode(await codec.encode(table)))).toEqual(canonicalRows(table));
    },
  );

  it('splits row groups at rowGroupSize', async () => {
    const table = tableFromArrays({ n: Float64Array.from({ length: 2500 }, (_, i) => i) });
    const bytes = (await createParquetCodec({ rowGroupSize: 1000 }).encode(table)) as Uint8Array;
    const back = await parquet.decode(bytes);
    expect(back.numRows).toBe(2500);
    expect(Array.from(back.getChild('n')?.toArray() as Float64Array).slice(995, 1005)).toEqual([
      995, 996, 997, 998, 999, 1000, 1001, 1002, 1003, 1004,
    ]);
  });

  it('inspects the columns and the row count from the footer', async () => {
    const summary = await parquet.inspect((await parquet.encode(sampleTable())) as Uint8Array);
    expect(summary.columns).toEqual(sampleTable().schema.fields.map((f) => f.name));
    expect(summary.rows).toBe(sampleTable().numRows);
  });

  it('rejects bad options', () => {
    expect(() => createParquetCodec({ compression: 'lzo' as never })).toThrow(UsageError);
    expect(() => createParquetCodec({ rowGroupSize: 0 })).toThrow(UsageError);
  });
});

describe('Parquet bad input', () => {
  const fails = async (bytes: Uint8Array, match: RegExp) => {
    const error = await parquet.decode(bytes, { file: 'x.parquet' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(String((error as Error).message)).toMatch(/x\.parquet/);
    expect(String((error as Error).message)).toMatch(match);
  };

  it('names empty, foreign and truncated files', async () => {
    const good = (await parquet.encode(sampleTable())) as Uint8Array;
    await fails(new Uint8Array(0), /empty/);
    await fails(new TextEncoder().encode('a,b\n1,2\n'), /no PAR1 magic/);
    await fails(
      (await createFeatherCodec().encode(sampleTable())) as Uint8Array,
      /Arrow IPC \(Feather\) file, not Parquet/,
    );
    await fails(good.subarray(0, good.length - 10), /truncated/);
    await fails(
      new Uint8Array([...good.subarray(0, 100), ...good.subarray(good.length - 200)]),
      /cannot decode/,
    );
  });

  it('gives a typed error or a table for randomly corrupted files, never a crash or a hang', async () => {
    const good = (await parquet.encode(sampleTable())) as Uint8Array;
    let seed = 11;
    const outcomes = new Set<string>();
    for (let k = 0; k < 150; k++) {
      const bad = good.slice();
      for (let j = 0; j < 3; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        bad[4 + (seed % (bad.length - 8))] ^= 0xff;
      }
      const outcome = await parquet.decode(bad).then(
        (t) => (Number.isInteger(t.numRows) ? 'ok' : 'broken'),
        (e: unknown) => (e instanceof FormatError ? 'typed' : `untyped ${String(e)}`),
      );
      outcomes.add(outcome);
    }
    expect([...outcomes].filter((o) => o !== 'ok' && o !== 'typed')).toEqual([]);
    expect(outcomes.has('typed')).toBe(true);
    // The engine keeps working after all those errors.
    expect(canonicalRows(await parquet.decode(good))).toEqual(canonicalRows(sampleTable()));
  });
});
