import {
  Field,
  Int32,
  makeData,
  makeVector,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromIpc, tableToIpc } from '../../src/formats/feather/ipc-table.js';
import { createFeatherCodec, createParquetCodec } from '../../src/formats/index.js';
import { readParquetJs } from '../../src/formats/parquet/reader/read-parquet-js.js';

/** Columns named "" and "null", and a struct column whose child is named "". */
function namesTable(): Table {
  const inner = vectorFromArray(['a', 'b'], new Utf8());
  const struct = makeData({
    type: new Struct([new Field('', new Utf8(), true)]),
    length: 2,
    nullCount: 0,
    children: [inner.data[0]!],
  });
  return new Table({
    '': vectorFromArray([1, 2], new Int32()),
    null: vectorFromArray([3, 4], new Int32()),
    s: makeVector(struct),
  });
}

/** Names of the fields, nested ones after a slash, quoted (so that "" shows). */
function names(t: Table): string[] {
  return t.schema.fields.flatMap((f) => [
    JSON.stringify(f.name),
    ...((f.type.children ?? []) as Field[]).map((c) => `${JSON.stringify(f.name)}/${JSON.stringify(c.name)}`),
  ]);
}

const EXPECTED = ['""', '"null"', '"s"', '"s"/""'];

/**
 * apache-arrow 21 leaves an empty field name out of the IPC flatbuffer (the format allows it: pyarrow and
 * arrow-rs read a missing name as ""), and reads a missing name as null, which it then turns into "null".
 */
describe('Fields named ""', () => {
  it('Feather keeps them, top-level and nested', async () => {
    const feather = createFeatherCodec();
    const back = await feather.decode(await feather.encode(namesTable()));
    expect(names(back)).toEqual(EXPECTED);
    expect(Array.from(back.getChildAt(0) ?? [])).toEqual([1, 2]);
  });

  it('our Feather files give "" to apache-arrow too (the name is written)', async () => {
    const bytes = (await createFeatherCodec().encode(namesTable())) as Uint8Array;
    expect(names(tableFromIPC(bytes))).toEqual(EXPECTED);
  });

  it('Feather reads "" from files apache-arrow wrote without the name', async () => {
    const feather = createFeatherCodec();
    for (const format of ['file', 'stream'] as const) {
      const bytes = tableToIPC(namesTable(), format);
      expect(names(await feather.decode(bytes))).toEqual(EXPECTED);
      expect((await feather.inspect(bytes)).columns).toEqual(['', 'null', 's']);
    }
  });

  it('tableToIpc and tableFromIpc keep them (tables crossing threads)', () => {
    expect(names(tableFromIpc(tableToIpc(namesTable())))).toEqual(EXPECTED);
    expect(names(tableFromIpc(tableToIPC(namesTable())))).toEqual(EXPECTED);
  });

  it('Parquet: the TypeScript writer embeds the name in the Arrow schema, so its reader takes the file', async () => {
    const table = namesTable().select(['', 'null']);
    const bytes = (await createParquetCodec().encode(table)) as Uint8Array;
    const back = readParquetJs(bytes);
    expect(back && names(back)).toEqual(['""', '"null"']);
  });
});
