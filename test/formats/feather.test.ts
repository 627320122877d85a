import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { AbortError, FormatError, UsageError } from '../../src/errors.js';
import { createFeatherCodec } from '../../src/formats/index.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';
import { sampleTable } from './sample-table.js';

const feather = createFeatherCodec();
const zstdWritable =
  typeof ((await import('node:zlib')) as Record<string, unknown>).zstdCompressSync === 'function';

async function* stream(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('Feather codec', () => {
  it('round-trips every common type, from bytes and from a stream', async () => {
    const table = sampleTable();
    const bytes = (await feather.encode(table)) as Uint8Array;
    expect(new TextDecoder().decode(bytes.subarray(0, 6))).toBe('ARROW1');
    for (const input of [bytes, stream(bytes, 7)]) {
      const back = await feather.decode(input);
      expect(schemaOf(back)).toEqual(schemaOf(table));
      expect(canonicalRows(back)).toEqual(canonicalRows(table));
    }
  });

  it('writes LZ4-frame buffers whose length prefix is the uncompressed length (as pyarrow requires)', async () => {
    const table = tableFromArrays({ n: Float64Array.from({ length: 10000 }, (_, i) => i % 7) });
    const lz4 = createFeatherCodec({ compression: 'lz4' });
    const bytes = (await lz4.encode(table)) as Uint8Array;
    const plain = (await feather.encode(table)) as Uint8Array;
    expect(bytes.length).toBeLessThan(plain.length / 4);
    // The values buffer: an 8-byte little-endian prefix followed by the LZ4 frame magic 04 22 4D 18.
    const frame = findBytes(bytes, [0x04, 0x22, 0x4d, 0x18]);
    expect(frame).toBeGreaterThan(8);
    const prefix = new DataView(bytes.buffer, bytes.byteOffset + frame - 8, 8).getBigInt64(0, true);
    expect(prefix).toBe(80000n);
    expect(canonicalRows(await feather.decode(bytes))).toEqual(canonicalRows(table));
  });

  it.runIf(zstdWritable)('writes ZSTD on a Node with zlib zstd', async () => {
    const table = sampleTable();
    const zstd = createFeatherCodec({ compression: 'zstd' });
    expect(canonicalRows(await feather.decode(await zstd.encode(table)))).toEqual(canonicalRows(table));
  });

  it.skipIf(zstdWritable)('explains that writing ZSTD needs Node 22.15+', async () => {
    await expect(createFeatherCodec({ compression: 'zstd' }).encode(sampleTable())).rejects.toThrow(
      /Node 22\.15/,
    );
  });

  it('also reads the Arrow IPC stream format', async () => {
    const table = sampleTable();
    const back = await feather.decode(tableToIPC(table, 'stream'));
    expect(canonicalRows(back)).toEqual(canonicalRows(table));
  });

  it('inspects columns and rows from the footer', async () => {
    const bytes = (await feather.encode(sampleTable())) as Uint8Array;
    const summary = await feather.inspect(bytes);
    expect(summary.rows).toBe(5);
    expect(summary.columns[0]).toBe('id');
  });

  it('rejects bad options', () => {
    expect(() => createFeatherCodec({ compression: 'gzip' as never })).toThrow(UsageError);
  });

  it('stops on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(feather.decode(new Uint8Array(8), { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
  });
});

describe('Feather bad input', () => {
  const fails = async (bytes: Uint8Array, match: RegExp) => {
    const error = await feather.decode(bytes, { file: 'x.feather' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(String((error as Error).message)).toMatch(/x\.feather/);
    expect(String((error as Error).message)).toMatch(match);
  };

  it('names empty, foreign, truncated and corrupt files', async () => {
    const good = (await feather.encode(sampleTable())) as Uint8Array;
    await fails(new Uint8Array(0), /empty/);
    await fails(new TextEncoder().encode('a,b\n1,2\n'), /no ARROW1 magic/);
    await fails(new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0, 0x50, 0x41, 0x52, 0x31]), /Parquet file/);
    await fails(new Uint8Array([0x46, 0x45, 0x41, 0x31, 0, 0, 0, 0, 0x46, 0x45, 0x41, 0x31]), /Feather v1/);
    await fails(good.subarray(0, good.length - 100), /truncated/);
    // Cut out the middle (the record batch) but keep both magics: the footer points past the end.
    await fails(
      new Uint8Array([...good.subarray(0, 64), ...good.subarray(good.length - 64)]),
      /cannot decode|corrupt/,
    );
  });

  it('gives a typed error or a structurally valid table for randomly corrupted files, never a hang or a crash', async () => {
    const good = (await feather.encode(sampleTable())) as Uint8Array;
    let seed = 7;
    for (let k = 0; k < 300; k++) {
      const bad = good.slice();
      for (let j = 0; j < 4; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        bad[8 + (seed % (bad.length - 16))] ^= 0xff;
      }
      // 'ok' is a table that passed the structural checks (a flipped byte inside values is still valid data).
      const result = await feather.decode(bad).then(
        (t) => (Number.isInteger(t.numRows) ? 'ok' : 'broken'),
        (e: unknown) => (e instanceof FormatError ? 'typed' : `untyped ${String(e)}`),
      );
      expect(['ok', 'typed']).toContain(result);
    }
  });
});

function findBytes(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
