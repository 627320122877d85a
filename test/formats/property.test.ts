import type { Table } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Codec,
  createCsvCodec,
  createFeatherCodec,
  createParquetCodec,
} from '../../src/formats/index.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';
import { randomTables } from './random-tables.js';

/** CSV carries no types: the reader is told the writer's types, as a user would with `columnTypes`. */
function csvFor(table: Table): Codec {
  const columnTypes = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.type]));
  return createCsvCodec({ columnTypes });
}

const codecs: [string, (t: Table) => Codec][] = [
  ['csv', csvFor],
  ['parquet', () => createParquetCodec()],
  ['parquet (zstd)', () => createParquetCodec({ compression: 'zstd' })],
  ['feather', () => createFeatherCodec()],
  ['feather (lz4)', () => createFeatherCodec({ compression: 'lz4' })],
];

describe.each(codecs)('property: %s round-trips random tables exactly', (_name, make) => {
  it('keeps schema and every value, nulls, unicode and extremes included', async () => {
    await fc.assert(
      fc.asyncProperty(randomTables, async (table) => {
        const codec = make(table);
        const back = await codec.decode(await codec.encode(table));
        expect(schemaOf(back)).toEqual(schemaOf(table));
        expect(back.numRows).toBe(table.numRows);
        expect(canonicalRows(back)).toEqual(canonicalRows(table));
      }),
      { numRuns: 60 },
    );
  });
});
