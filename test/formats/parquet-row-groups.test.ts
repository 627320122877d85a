import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParquetCodec } from '../../src/formats/index.js';
import { countRowGroups } from '../../src/formats/parquet/count-row-groups.js';
import { type Oracle, openOracle, sqlString } from './helpers/duckdb.js';
import { interopFolder } from './helpers/interop.js';

const good = interopFolder('parquet');
const ROWS = 40_000;
let oracle: Oracle;
let groupsPath: string;
beforeAll(async () => {
  oracle = await openOracle();
  // DuckDB rounds row groups to its 2,048-row vectors: about 20 row groups.
  groupsPath = join(oracle.dir, 'groups.parquet');
  await oracle.rows(
    `COPY (SELECT i AS id, 'v' || (i % 7) AS s, CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 0.5)::DOUBLE END AS x
     FROM range(0, ${ROWS}) t(i)) TO ${sqlString(groupsPath)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
  );
});
afterAll(() => oracle?.close());

describe('Parquet decode, row group by row group', () => {
  it('reads a file of many row groups whole and in order (DuckDB wrote it, DuckDB checks it)', async () => {
    const path = groupsPath;
    const bytes = readFileSync(path);
    const [{ groups }] = (await oracle.rows(
      `SELECT count(DISTINCT row_group_id)::INT AS groups FROM parquet_metadata(${sqlString(path)})`,
    )) as [{ groups: number }];
    expect(groups).toBeGreaterThan(8); // more than one read's worth: several row groups per read
    expect(countRowGroups(bytes)).toBe(groups);
    const table = await createParquetCodec().decode(bytes);
    expect(table.numRows).toBe(ROWS);
    const ids = table.getChild('id')!.toArray() as BigInt64Array;
    expect(ids.every((v, i) => v === BigInt(i))).toBe(true);
    expect(table.getChild('s')!.get(ROWS - 1)).toBe('v1');
    expect(table.getChild('x')!.get(ROWS - 5)).toBeNull();
    expect(table.getChild('x')!.get(ROWS - 1)).toBe((ROWS - 1) / 2);
  });

  it('reads a file without rows as its schema', async () => {
    const path = join(oracle.dir, 'empty.parquet');
    await oracle.rows(
      `COPY (SELECT 1::INT AS a, 'x' AS b WHERE false) TO ${sqlString(path)} (FORMAT parquet)`,
    );
    const table = await createParquetCodec().decode(readFileSync(path));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });

  it.skipIf(good.skip)('counts the row groups of every Apache Parquet test file as DuckDB does', async () => {
    let compared = 0;
    for (const name of readdirSync(good.path).filter((f) => f.endsWith('.parquet'))) {
      const path = join(good.path, name);
      const groups = await oracle
        .rows(`SELECT count(DISTINCT row_group_id)::INT AS groups FROM parquet_metadata(${sqlString(path)})`)
        .then((rows) => (rows[0] as { groups: number }).groups)
        .catch(() => undefined); // a footer DuckDB refuses: nothing to compare with
      if (groups === undefined) continue;
      expect(countRowGroups(readFileSync(path)), name).toBe(groups);
      compared++;
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('never throws on a damaged footer: a count or undefined (then the file is read whole)', () => {
    const base = new Uint8Array(readFileSync(groupsPath));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 255 }), (back, value) => {
        const bad = base.slice();
        bad[Math.max(0, bad.length - 8 - back)] = value;
        const count = countRowGroups(bad);
        return count === undefined || (Number.isInteger(count) && count >= 0);
      }),
      { numRuns: 500 },
    );
    expect(
      countRowGroups(
        new Uint8Array([0x50, 0x41, 0x52, 0x31, 0xff, 0xff, 0xff, 0x7f, 0x50, 0x41, 0x52, 0x31]),
      ),
    ).toBeUndefined();
  });
});
