import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RecordBatchReader, Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { rebind } from '../../src/formats/feather/ipc-table.js';
import { createFeatherCodec } from '../../src/formats/index.js';
import { canonical, canonicalRows, schemaOf } from './helpers/canonical.js';
import { interopFolder } from './helpers/interop.js';

const feather = createFeatherCodec();
const folders = ['arrow-ipc/1.0.0-littleendian', 'arrow-ipc/2.0.0-compression'].map((sub) => ({
  sub,
  ...interopFolder(sub),
}));

/**
 * The expected table, from the Arrow integration JSON beside each file (a separate decoder from IPC). Its
 * batches are put back on the schema the JSON declares: apache-arrow's RecordBatch constructor gives fields
 * that share a name (`ints` twice in the duplicate-names file) the type of the last of them.
 */
function expectedTable(jsonGz: string): Table {
  const json = JSON.parse(gunzipSync(readFileSync(jsonGz)).toString('utf8'));
  const reader = RecordBatchReader.from(json).open();
  const schema = reader.schema;
  const batches = [...reader].map((batch) => rebind(batch, schema));
  return batches.length > 0 ? new Table(schema, batches) : new Table(schema);
}

/** Each column's values by position (rows by name would merge columns that share a name). */
function columnsOf(table: Table): unknown[][] {
  return table.schema.fields.map((_, i) => Array.from(table.getChildAt(i) ?? [], canonical));
}

describe.each(folders)('Arrow IPC interop: $sub', ({ path, skip }) => {
  const files = skip
    ? []
    : readdirSync(path)
        .filter((f) => f.endsWith('.arrow_file'))
        .sort();

  it.skipIf(skip)('has gold files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.skipIf(skip).each(files)('%s matches its JSON', async (name) => {
    const table = await feather.decode(readFileSync(join(path, name)), { file: name });
    const expected = expectedTable(join(path, name.replace('.arrow_file', '.json.gz')));
    expect(schemaOf(table)).toEqual(schemaOf(expected));
    expect(table.numRows).toBe(expected.numRows);
    expect(canonicalRows(table)).toEqual(canonicalRows(expected));
    expect(columnsOf(table)).toEqual(columnsOf(expected));
    // And what we write from it reads back the same (duplicate names, unions with a null child included).
    const back = await feather.decode(await feather.encode(table));
    expect(schemaOf(back)).toEqual(schemaOf(expected));
    expect(columnsOf(back)).toEqual(columnsOf(expected));
  });
});
