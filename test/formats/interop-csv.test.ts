import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { createCsvCodec } from '../../src/formats/index.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';
import { interopFolder } from './helpers/interop.js';

const spectrum = interopFolder('csv/spectrum');
const fuzz = interopFolder('csv/arrow-fuzz');
const csvRoot = interopFolder('csv');
const text = createCsvCodec({ inferTypes: false });

/**
 * Upstream's expected JSON for this file has a phone number that is not the one in its CSV (1234567890
 * against 2095257564): we check the CSV's value, and every other field against the JSON.
 */
const UPSTREAM_ERRATA: Record<string, Record<string, string>> = {
  'location_coordinates.csv': { 'Contact Phone Number': '2095257564' },
};

describe.skipIf(spectrum.skip)('CSV interop: csv-spectrum', () => {
  const files = spectrum.skip ? [] : readdirSync(join(spectrum.path, 'csvs')).sort();

  it('has the 12 cases', () => {
    expect(files.length).toBe(12);
  });

  it.each(files)('%s parses to exactly the expected rows', async (name) => {
    const table = await text.decode(readFileSync(join(spectrum.path, 'csvs', name)), { file: name });
    let json = readFileSync(join(spectrum.path, 'json', name.replace('.csv', '.json')), 'utf8');
    // A checkout that normalised line ends leaves no CR in the *_crlf files; their JSON still has \r\n.
    if (!readFileSync(join(spectrum.path, 'csvs', name)).includes(0x0d))
      json = json.replaceAll('\\r\\n', '\\n');
    const parsed = JSON.parse(json);
    const expected = (Array.isArray(parsed) ? parsed : [parsed]).map((row: Record<string, string>) => ({
      ...row,
      ...UPSTREAM_ERRATA[name],
    }));
    // csv-spectrum has no nulls: an empty unquoted field, which we read as null, is "" there.
    const rows = canonicalRows(table).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? ''])),
    );
    expect(rows).toEqual(expected);
  });
});

describe.skipIf(csvRoot.skip)('CSV interop: a typed file', () => {
  it('infers sensible types for aggregate_test_100.csv', async () => {
    const table = await createCsvCodec().decode(readFileSync(join(csvRoot.path, 'aggregate_test_100.csv')));
    expect(table.numRows).toBe(100);
    expect(schemaOf(table)).toEqual([
      'c1: Utf8',
      'c2: Int64',
      'c3: Int64',
      'c4: Int64',
      'c5: Int64',
      'c6: Int64',
      'c7: Int64',
      'c8: Int64',
      'c9: Int64',
      // Unsigned 64-bit values above the int64 range: float64 keeps them, as pandas does.
      'c10: Float64',
      'c11: Float64',
      'c12: Float64',
      'c13: Utf8',
    ]);
    expect(canonicalRows(table)[0]).toMatchObject({
      c1: 'c',
      c2: '2',
      c6: '-6513304855495910254',
      c11: 0.110830784,
    });
  });
});

describe.skipIf(fuzz.skip)('CSV interop: inputs that once crashed Arrow', () => {
  const files = fuzz.skip ? [] : readdirSync(fuzz.path).sort();

  it('has the cases', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s gives a typed error or a table, quickly', async (name) => {
    const started = Date.now();
    const outcome = await createCsvCodec()
      .decode(readFileSync(join(fuzz.path, name)), { file: name })
      .then(
        (t) => `table of ${t.numRows} rows`,
        (e: unknown) =>
          e instanceof FormatError && e.message.includes(name) ? 'typed error' : `untyped: ${String(e)}`,
      );
    expect(outcome).toMatch(/^(table of \d+ rows|typed error)$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
