import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decompress } from '../../src/formats/parquet/reader/decompress.js';
import { readFileMetaData } from '../../src/formats/parquet/reader/file-metadata.js';
import { readPageHeader } from '../../src/formats/parquet/reader/page-header.js';
import { snappyDecompress } from '../../src/formats/parquet/reader/snappy-decompress.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

/** Long runs (overlapping copies), repeats far apart, random bytes (literals) and short repeats. */
const DATA = `SELECT
  i::BIGINT AS id,
  repeat(chr((97 + (i // 1000) % 26)::INT), (i % 300)::INT) AS runs,
  md5(i::VARCHAR) AS hex,
  md5((i % 500)::VARCHAR) || repeat('ab', (i % 7)::INT) AS far,
  (i % 3)::INT AS small
FROM range(0, 30000) t(i)`;

let oracle: Oracle;
beforeAll(async () => {
  oracle = await openOracle();
});
afterAll(() => oracle?.close());

/** The page bodies of every column chunk of a Parquet file, in file order. */
function pages(bytes: Uint8Array): { body: Uint8Array; size: number }[] {
  const out: { body: Uint8Array; size: number }[] = [];
  for (const group of readFileMetaData(bytes).rowGroups) {
    for (const column of group.columns) {
      let pos = column.dictionaryPageOffset ?? column.dataPageOffset;
      const end = pos + column.totalCompressedSize;
      while (pos < end) {
        const header = readPageHeader(bytes, pos, end);
        out.push({
          body: bytes.subarray(header.dataStart, header.dataStart + header.compressedSize),
          size: header.uncompressedSize,
        });
        pos = header.dataStart + header.compressedSize;
      }
    }
  }
  return out;
}

async function write(name: string, compression: string): Promise<Uint8Array> {
  const path = join(oracle.dir, name);
  await oracle.connection.run(
    `COPY (${DATA}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION ${compression}, DICTIONARY_SIZE_LIMIT 1)`,
  );
  return readFileSync(path);
}

describe('snappy decompression', () => {
  it('restores every page DuckDB compressed, byte for byte', async () => {
    const snappy = pages(await write('snappy.parquet', 'snappy'));
    const plain = pages(await write('plain.parquet', 'uncompressed'));
    expect(snappy.length).toBe(plain.length);
    expect(snappy.length).toBeGreaterThanOrEqual(5);
    let compressed = 0;
    for (const [i, page] of snappy.entries()) {
      const reference = plain[i] as { body: Uint8Array };
      expect(page.size).toBe(reference.body.length);
      const out = snappyDecompress(page.body, page.size);
      expect(Buffer.compare(out, reference.body)).toBe(0);
      // Into a reused buffer larger than the page, too.
      const into = new Uint8Array(page.size + 100).fill(7);
      expect(Buffer.compare(snappyDecompress(page.body, page.size, into), reference.body)).toBe(0);
      if (page.body.length < page.size) compressed++;
    }
    expect(compressed).toBeGreaterThan(3);
  });

  it('throws on a wrong length, a truncated block or a copy before the start', async () => {
    const page = pages(await write('snappy2.parquet', 'snappy')).find(
      (p) => p.size > 1000 && p.body.length < p.size / 2,
    );
    expect(page).toBeDefined();
    const { body, size } = page as { body: Uint8Array; size: number };
    expect(() => snappyDecompress(body, size + 1)).toThrow(RangeError);
    expect(() => snappyDecompress(body.subarray(0, body.length - 3), size)).toThrow(RangeError);
    expect(() => snappyDecompress(body.subarray(0, 2), size)).toThrow(RangeError);
    // Every tag byte of the block turned into a far copy: some copy must reach before the start.
    const far = Uint8Array.from(body);
    let pos = 0;
    while ((far[pos] as number) >= 0x80) pos++;
    far[pos + 1] = 0x02 | (63 << 2); // a 64-byte copy with a 2-byte offset
    far[pos + 2] = 0xff;
    far[pos + 3] = 0xff;
    expect(() => snappyDecompress(far, size)).toThrow(RangeError);
  });
});

describe('LZ4_RAW pages (lz4js behind a structural check)', () => {
  it('restores every page DuckDB compressed, and refuses a block cut short or with a bad offset', async () => {
    const lz4 = pages(await write('lz4.parquet', 'lz4_raw'));
    const plain = pages(await write('plain2.parquet', 'uncompressed'));
    expect(lz4.length).toBe(plain.length);
    let refused = 0;
    for (const [i, page] of lz4.entries()) {
      const reference = (plain[i] as { body: Uint8Array }).body;
      expect(Buffer.compare(decompress(7, page.body, page.size), reference)).toBe(0);
      expect(() => decompress(7, page.body.subarray(0, page.body.length - 1), page.size)).toThrow(RangeError);
      // The first match offset made larger than the output so far.
      const bad = Uint8Array.from(page.body);
      let pos = 0;
      let literals = (bad[pos++] as number) >>> 4;
      if (literals === 15) for (let b = 255; b === 255; literals += b) b = bad[pos++] as number;
      pos += literals;
      if (pos + 2 <= bad.length) {
        bad[pos] = 0xff;
        bad[pos + 1] = 0xff;
        expect(() => decompress(7, bad, page.size)).toThrow(RangeError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
});
