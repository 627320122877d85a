import * as A from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParquetCodec } from '../../src/formats/index.js';
import { snappyCompress, snappyMaxLength } from '../../src/formats/parquet/writer/snappy-compress.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';

/** Deterministic pseudo-random bytes. */
function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5;
    out[i] = x >>> 24;
  }
  return out;
}

const INPUTS: Record<string, Uint8Array> = {
  empty: new Uint8Array(0),
  tiny: Uint8Array.of(1, 2, 3),
  random: randomBytes(300_000, 1),
  zeros: new Uint8Array(200_000),
  repetitive: new TextEncoder().encode('abcabcabd'.repeat(30_000)),
  'hex text': new TextEncoder().encode(Array.from(randomBytes(100_000, 7), (b) => b.toString(16)).join('')),
  'long and short repeats': (() => {
    const parts: number[] = [];
    for (let i = 0; i < 5_000; i++)
      parts.push(...randomBytes(1 + (i % 50), i), ...new Array(i % 90).fill(i & 0xff));
    return Uint8Array.from(parts);
  })(),
};

/**
 * Our snappy blocks, checked by real decompressors: each input is one binary value of a Parquet file that the
 * JS writer compresses with snappy; DuckDB and parquet-wasm (arrow-rs) must read back the exact bytes.
 */
describe('snappy compressor', () => {
  let oracle: Oracle;
  beforeAll(async () => {
    oracle = await openOracle();
  });
  afterAll(() => oracle?.close());

  it.each(Object.keys(INPUTS))('%s: read back by DuckDB and parquet-wasm', async (name) => {
    const input = INPUTS[name]!;
    const table = new A.Table({ b: A.vectorFromArray([input, input.subarray(7)], new A.Binary()) });
    const bytes = (await createParquetCodec({ compression: 'snappy', dictionaryMaxDistinctRatio: 0 }).encode(
      table,
    )) as Uint8Array;
    const back = await createParquetCodec().decode(bytes);
    expect(Buffer.from(back.getChild('b')!.get(0) as Uint8Array).equals(Buffer.from(input))).toBe(true);
    const path = oracle.file(`${name.replaceAll(' ', '-')}.parquet`, bytes);
    const [row] = await oracle.rows(
      `SELECT md5(b::BLOB) AS h, octet_length(b::BLOB)::INT AS n FROM read_parquet(${sqlString(path)}) LIMIT 1`,
    );
    const { createHash } = await import('node:crypto');
    expect(row).toEqual({ h: createHash('md5').update(input).digest('hex'), n: input.length });
  });

  it('compresses what repeats, and never passes its bound', () => {
    for (const [name, input] of Object.entries(INPUTS)) {
      const out = snappyCompress(input);
      expect(out.length, name).toBeLessThanOrEqual(snappyMaxLength(input.length));
    }
    expect(snappyCompress(INPUTS.zeros!).length).toBeLessThan(INPUTS.zeros!.length / 20);
    expect(snappyCompress(INPUTS.repetitive!).length).toBeLessThan(INPUTS.repetitive!.length / 10);
    expect(snappyCompress(INPUTS.random!).length).toBeGreaterThan(INPUTS.random!.length);
  });
});
