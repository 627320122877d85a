import {
  DateDay,
  Float64,
  Int64,
  Table,
  Timestamp,
  TimeUnit,
  tableFromArrays,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError, UsageError } from '../../src/errors.js';
import { type CsvDecodeSettings, decodeCsv } from '../../src/formats/csv/decode-csv.js';
import { formatFloat } from '../../src/formats/csv/format-float.js';
import { isFloat, parseFloat64, plainDecimal, plainInteger } from '../../src/formats/csv/scan-number.js';
import { tokenize } from '../../src/formats/csv/tokenize.js';
import { createCsvCodec } from '../../src/formats/index.js';
import { canonicalRows, schemaOf } from './helpers/canonical.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: unknown) => new TextDecoder().decode(b as Uint8Array);
const csv = createCsvCodec();

async function* chunks(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = enc(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('CSV decode', () => {
  it('follows RFC 4180: quotes, doubled quotes, embedded newlines, CRLF, a BOM', async () => {
    const t = await csv.decode(enc('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"line1\r\nline2",plain\r\n'));
    expect(schemaOf(t)).toEqual(['a: Utf8', 'b: Utf8']);
    expect(canonicalRows(t)).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: 'line1\r\nline2', b: 'plain' },
    ]);
  });

  it('reads a stream split inside fields and inside multi-byte characters', async () => {
    const t = await csv.decode(chunks('name,n\n"ü,ber",1\nʤ€😀,2\n', 3));
    expect(canonicalRows(t)).toEqual([
      { name: 'ü,ber', n: '1' },
      { name: 'ʤ€😀', n: '2' },
    ]);
  });

  it('infers int64, float64, boolean, date, timestamps and utf8; empty fields are null', async () => {
    const text = [
      'i,f,b,d,ts,tz,s,e',
      '1,1.5,true,2024-02-29,2024-01-01 10:00:00,2024-01-01T10:00:00.123456Z,x,',
      '-9223372036854775808,-2e-3,FALSE,1999-12-31,2024-01-01T10:00,2024-01-01T12:00:00+02:00,,',
      ',NaN,,,,,"",',
    ].join('\n');
    const t = await csv.decode(enc(text));
    expect(schemaOf(t)).toEqual([
      'i: Int64',
      'f: Float64',
      'b: Bool',
      'd: Date32<DAY>',
      'ts: Timestamp<MILLISECOND>',
      'tz: Timestamp<MICROSECOND, UTC>',
      's: Utf8',
      'e: Utf8',
    ]);
    const [r0, r1, r2] = canonicalRows(t);
    expect(r0).toMatchObject({ i: '1', f: 1.5, b: true, s: 'x', e: null });
    expect(r1).toMatchObject({ i: '-9223372036854775808', f: -0.002, b: false, s: null });
    expect(r2).toMatchObject({ i: null, f: 'NaN', b: null, d: null, ts: null, tz: null, s: '' });
    const tz = t.getChild('tz');
    expect(tz?.data[0]?.values[0]).toBe(1704103200123456n);
    expect(tz?.data[0]?.values[1]).toBe(1704103200000000n);
    expect(t.getChild('d')?.data[0]?.values[0]).toBe(19782);
  });

  it('keeps integers beyond int64 and mixed columns as the wider type', async () => {
    const t = await csv.decode(enc('a,b,c\n9223372036854775808,1,2024-01-01\n1,2.5,x\n'));
    expect(schemaOf(t)).toEqual(['a: Float64', 'b: Float64', 'c: Utf8']);
  });

  it('parses floats exactly (correctly rounded) on every path', async () => {
    const values = [
      '0.1',
      '1.7976931348623157e308',
      '5e-324',
      '123456789012345678901234567890',
      '0.30000000000000004',
      '-0',
    ];
    const t = await csv.decode(enc(`x\n${values.join('\n')}\n`));
    const got = Array.from(t.getChild('x')?.toArray() as Float64Array);
    expect(got.map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual(
      values.map((v) => (v === '-0' ? '-0' : String(Number(v)))),
    );
  });

  it('uses explicit column types and an other delimiter', async () => {
    const codec = createCsvCodec({
      delimiter: ';',
      columnTypes: { id: 'utf8', x: new Float64(), t: 'timestamp[us, UTC]', d: new DateDay() },
    });
    const t = await codec.decode(enc('id;x;t;d\n007;1;2024-01-01T00:00:00Z;2024-01-02\n'));
    expect(schemaOf(t)).toEqual([
      'id: Utf8',
      'x: Float64',
      't: Timestamp<MICROSECOND, UTC>',
      'd: Date32<DAY>',
    ]);
    expect(canonicalRows(t)[0]).toMatchObject({ id: '007', x: 1 });
  });

  it('splits on a delimiter below the line-end bytes (a tab) as on any other', async () => {
    const t = await createCsvCodec({ delimiter: '\t' }).decode(
      enc('a\tb\tc\n1\t"x\ty"\t\n\t2.5\t\r\n-3\t\tz'),
    );
    expect(schemaOf(t)).toEqual(['a: Int64', 'b: Utf8', 'c: Utf8']);
    expect(canonicalRows(t)).toEqual([
      { a: '1', b: 'x\ty', c: null },
      { a: null, b: '2.5', c: null },
      { a: '-3', b: null, c: 'z' },
    ]);
  });

  it('turns off inference', async () => {
    const t = await createCsvCodec({ inferTypes: false }).decode(enc('a,b\n1,true\n'));
    expect(schemaOf(t)).toEqual(['a: Utf8', 'b: Utf8']);
  });

  it('names empty and repeated header fields', async () => {
    const t = await csv.decode(enc(',a,a\n1,2,3\n'));
    expect(t.schema.fields.map((f) => f.name)).toEqual(['column_1', 'a', 'a.1']);
  });

  it('reads a header-only file as zero rows, skips blank lines, handles a missing final newline', async () => {
    expect((await csv.decode(enc('a,b\n'))).numRows).toBe(0);
    const t = await csv.decode(enc('a,b\n\n1,2\n\n3,4'));
    expect(canonicalRows(t)).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('reads blank lines of a one-column file as nulls', async () => {
    const t = await csv.decode(enc('a\n1\n\n3\n'));
    expect(canonicalRows(t)).toEqual([{ a: '1' }, { a: null }, { a: '3' }]);
  });

  it('inspects the header and the row count', async () => {
    expect(await csv.inspect(enc('x,y\n1,2\n3,4\n'))).toEqual({ columns: ['x', 'y'], rows: 2 });
  });
});

describe('CSV bad input', () => {
  const fails = async (text: string | Uint8Array, match: RegExp, codec = csv) => {
    const bytes = typeof text === 'string' ? enc(text) : text;
    const error = await codec.decode(bytes, { file: 'in/bad.csv' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(/in\/bad\.csv/);
    expect((error as FormatError).message).toMatch(match);
    return error as FormatError;
  };

  it('names the row of a ragged row', async () => {
    const e = await fails(
      'a,b\n1,2\n3\n',
      /row 2, line 3, byte 8: the row has 1 field where the header has 2/,
    );
    expect(e.row).toBe(2);
    expect(e.line).toBe(3);
    await fails('a,b\n1,2,3\n', /row 1, line 2.*3 fields/);
  });

  it('names the line in the file, which quoted line breaks set apart from the row', async () => {
    const ragged = await fails('a,b\n"x\ny\nz",1\n2\n', /row 2, line 5, byte 14: the row has 1 field/);
    expect([ragged.row, ragged.line, ragged.offset]).toEqual([2, 5, 14]);
    const typed = createCsvCodec({ columnTypes: { b: 'int64' } });
    const value = await fails(
      'a,b\n"1\n2",3\nq,zz\n',
      /row 2, line 4, column b, byte 14: "zz" is not/,
      typed,
    );
    expect([value.row, value.line, value.column]).toEqual([2, 4, 'b']);
    const quote = await fails('a,b\n1,2\n"x"y,1\n', /row 2, line 3, byte 11: unexpected character/);
    expect(quote.line).toBe(3);
  });

  it('names the offset of an unclosed quote and of text after a closing quote', async () => {
    const e = await fails('a\n"abc\n', /row 1, line 2, byte 2: a quoted field is not closed/);
    expect(e.offset).toBe(2);
    await fails('a,b\n"x"y,1\n', /after a closing quote/);
  });

  it('rejects invalid UTF-8 with its line and byte offset', async () => {
    const e = await fails(
      new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0x0a]),
      /line 2, byte 3: the file is not valid UTF-8/,
    );
    expect(e.offset).toBe(3);
    expect(e.line).toBe(2);
  });

  it('rejects empty files', async () => {
    await fails('', /empty/);
    await fails('\ufeff', /empty/);
    await fails('\n', /no header/);
  });

  it('rejects a Parquet file given as CSV', async () => {
    await fails(
      new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x15, 0x04, 0x15, 0x9c, 0xff, 0x50, 0x41, 0x52, 0x31]),
      /UTF-8/,
    );
  });

  it('names row and column of a value that does not fit an explicit type', async () => {
    const e = await fails(
      'a,b\n1,2\n3,x\n',
      /"x" is not a 64-bit integer/,
      createCsvCodec({ columnTypes: { b: 'int64' } }),
    );
    expect(e.row).toBe(2);
    expect(e.column).toBe('b');
  });

  it('rejects bad options up front', () => {
    expect(() => createCsvCodec({ delimiter: '"' })).toThrow(UsageError);
    expect(() => createCsvCodec({ delimiter: ',,' })).toThrow(UsageError);
    expect(() => createCsvCodec({ columnTypes: { a: 'int8' as never } })).toThrow(UsageError);
  });
});

describe('CSV encode', () => {
  it('writes a header, quotes only where needed, nulls as empty fields, ISO timestamps', async () => {
    const table = new Table({
      id: vectorFromArray([1n, null, -3n], new Int64()),
      s: vectorFromArray(['plain', 'a,b', 'say "x"\nnext'], new Utf8()),
      e: vectorFromArray(['', null, 'x'], new Utf8()),
      ts: vectorFromArray(
        [Date.UTC(2024, 0, 1, 2, 3, 4, 5), null, 0],
        new Timestamp(TimeUnit.MILLISECOND, 'UTC'),
      ),
    });
    const text = dec(await csv.encode(table));
    expect(text).toBe(
      'id,s,e,ts\n1,plain,"",2024-01-01T02:03:04.005Z\n,"a,b",,\n-3,"say ""x""\nnext",x,1970-01-01T00:00:00.000Z\n',
    );
    const back = await csv.decode(enc(text));
    expect(canonicalRows(back)).toEqual(canonicalRows(table));
  });

  it('writes with another delimiter and quotes fields that hold it', async () => {
    const table = tableFromArrays({ a: ['x;y', 'z'], b: Float64Array.from([1.5, -0]) });
    expect(dec(await createCsvCodec({ delimiter: ';' }).encode(table))).toBe('a;b\n"x;y";1.5\nz;-0\n');
  });

  it('writes tables longer than one formatting slice, and sliced tables', async () => {
    const n = 70_000;
    const table = new Table({
      s: vectorFromArray(
        Array.from({ length: n }, (_, i) => (i % 101 === 0 ? null : `v${i}`)),
        new Utf8(),
      ),
      i: vectorFromArray(
        Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : BigInt(i))),
        new Int64(),
      ),
      b: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i % 2 === 0))),
    });
    const codec = createCsvCodec({ columnTypes: { s: 'utf8', i: 'int64', b: 'boolean' } });
    const back = await codec.decode(await codec.encode(table));
    expect(canonicalRows(back)).toEqual(canonicalRows(table));
    const part = table.slice(65_530, 65_545);
    const text = dec(await codec.encode(part));
    expect(text.split('\n').slice(1, 4)).toEqual([
      'v65530,65530,true',
      'v65531,65531,false',
      'v65532,65532,',
    ]);
    expect(canonicalRows(await codec.decode(enc(text)))).toEqual(canonicalRows(part));
  });

  it('writes dictionary, int32 and nested columns', async () => {
    const table = tableFromArrays({ k: ['a', 'b', 'a'], n: Int32Array.from([1, 2, 3]) });
    expect(dec(await csv.encode(table))).toBe('k,n\na,1\nb,2\na,3\n');
  });
});

/** parseFloat64 on the bytes of `text`, checked to be a number first as the codec does. */
function parsed(text: string): number {
  const bytes = enc(text);
  expect(isFloat(bytes, 0, bytes.length)).toBe(true);
  return parseFloat64(bytes, 0, bytes.length);
}

/** The one-walk parse of a plain decimal as the float column builder does it (sign apart), or undefined. */
function parsedPlain(text: string): number | undefined {
  const bytes = enc(text);
  const signed = text.startsWith('-') || text.startsWith('+');
  const v = plainDecimal(bytes, signed ? 1 : 0, bytes.length);
  if (v < 0) return undefined;
  return text.startsWith('-') ? -v : v;
}

/** The exact decimal of the midpoint between x > 0 and its upper (or lower) neighbour double. */
function midpoint(x: number, below: boolean): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & ((1n << 52n) - 1n)) | (exp === 0 ? 0n : 1n << 52n);
  const e2 = (exp === 0 ? 1 : exp) - 1075 - 1;
  const m = 2n * mant + (below ? -1n : 1n);
  if (e2 >= 0) return (m << BigInt(e2)).toString();
  const digits = (m * 5n ** BigInt(-e2)).toString().padStart(-e2 + 1, '0');
  return `${digits.slice(0, digits.length + e2)}.${digits.slice(digits.length + e2)}`;
}

/** `text` (no exponent) cut to `n` significant digits, plus `bump` in the last kept digit. */
function cutDigits(text: string, n: number, bump: 0 | 1): string {
  const [int = '', frac = ''] = text.split('.');
  const all = int + frac;
  const lead = /^0*/.exec(all)?.[0].length ?? 0;
  const keep = Math.min(all.length, lead + n);
  const kept = (BigInt(all.slice(0, keep) || '0') + BigInt(bump)).toString().padStart(keep, '0');
  if (kept.length > keep) return text; // a carry: keep the text as it was
  return keep <= int.length
    ? kept + '0'.repeat(int.length - keep)
    : `${kept.slice(0, int.length) || '0'}.${kept.slice(int.length)}`;
}

describe('CSV float parsing matches Number() bit for bit', () => {
  const same = (text: string): void => {
    expect(Object.is(parsed(text), Number(text)), text).toBe(true);
    const plain = parsedPlain(text);
    if (plain !== undefined) expect(Object.is(plain, Number(text)), text).toBe(true);
  };

  it('takes the one-walk path for plain decimals up to 19 significant digits, and only for them', () => {
    for (const text of ['0', '-0', '+5.5', '5.', '.5', '0.37', '-0.40900000000000003', '9007199254740993']) {
      expect(parsedPlain(text), text).toBe(Number(text));
    }
    expect(Object.is(parsedPlain('-0.0'), -0)).toBe(true);
    for (const text of ['', '-', '.', '1.2.3', '12a', '1e5', 'nan', 'inf', '--1', '12345678901234567890']) {
      expect(parsedPlain(text), text).toBeUndefined();
    }
    expect(plainInteger(enc('123456789012345'), 0, 15)).toBe(123456789012345);
    for (const text of ['', '1234567890123456', '12.0', '1a', '-1']) {
      expect(plainInteger(enc(text), 0, text.length), text).toBe(-1);
    }
  });

  it('on edge cases: 16 to 19 digits, near 2^53, subnormals, huge exponents, negative zero', () => {
    for (const text of [
      '9007199254740991',
      '9007199254740992',
      '9007199254740993', // 2^53 + 1: a tie, rounds to even
      '9007199254740995',
      '18014398509481985',
      '9007199254740992.5',
      '-9007199254740993.0',
      '1234567890123456789',
      '9999999999999999999',
      '0.9999999999999999999',
      '0.8298795231757126',
      '-0.9018766283532031',
      '0.30000000000000004',
      '123456789012345678.9',
      '1.0000000000000002',
      '1.00000000000000011102230246251565404', // just above the midpoint of 1 and its neighbour
      '1.00000000000000011102230246251565', // just below it
      '0.000000000000000000000123456789012345678',
      '4.9e-324',
      '2.4703282292062327e-324',
      '2.4703282292062328e-324',
      '2.2250738585072011e-308',
      '1.7976931348623157e308',
      '1.7976931348623159e308',
      '1e23',
      '-0',
      '-0.0',
      '0.0000',
      '+5.5',
    ]) {
      same(text);
    }
  });

  it('on exact midpoints between doubles, cut and bumped to 16-19 significant digits', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e18, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 16, max: 19 }),
        fc.constantFrom<0 | 1>(0, 1),
        (x, below, n, bump) => {
          same(cutDigits(midpoint(x, below), n, bump));
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('on shortest, 16-, 17- and fixed-point forms of random doubles and on random digit strings', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        same(String(x));
        same(x.toPrecision(16));
        same(x.toPrecision(17));
        if (Math.abs(x) < 1e20)
          same(x.toFixed(Math.min(19, Math.max(0, 17 - Math.ceil(Math.log10(Math.abs(x) || 1))))));
      }),
      { numRuns: 20000 },
    );
    fc.assert(fc.property(fc.stringMatching(/^-?[0-9]{1,12}\.[0-9]{1,12}$/), same), { numRuns: 20000 });
  });
});

describe('CSV float writing matches String()', () => {
  it('for values with up to two decimals and for any double', () => {
    const asString = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
    fc.assert(
      fc.property(fc.double(), fc.integer({ min: -1e15, max: 1e15 }), (x, cents) => {
        expect(formatFloat(x)).toBe(asString(x));
        for (const v of [cents / 100, cents / 10, cents, Math.round(x * 100) / 100]) {
          expect(formatFloat(v)).toBe(asString(v));
        }
      }),
      { numRuns: 20000 },
    );
    for (const v of [0, -0, 0.01, -0.01, 0.1, 0.05, 1e21, 8796093022207.99, 8796093022208.01, 1e-7]) {
      expect(formatFloat(v)).toBe(asString(v));
    }
  });
});

describe('CSV type inference in one pass (a guess from the first value, checked while building)', () => {
  it('falls back to inferring from all values when a later value does not fit the guess', async () => {
    const text = [
      'intThenFloat,intThenText,intThenHuge,dateThenTime,msThenUs,plainThenZoned,zonedThenPlain,boolThenText,emptyThenInt',
      '1,1,1,2024-01-01,2024-01-01T00:00:00.123,2024-01-01T00:00:00,2024-01-01T00:00:00Z,true,',
      '2.5,x,9223372036854775808,2024-01-01T10:00,2024-01-01T00:00:00.123456,2024-01-01T00:00:00+01:00,2024-01-01T00:00:00,maybe,7',
    ].join('\n');
    const t = await csv.decode(enc(text));
    expect(schemaOf(t)).toEqual([
      'intThenFloat: Float64',
      'intThenText: Utf8',
      'intThenHuge: Float64',
      'dateThenTime: Timestamp<MILLISECOND>',
      'msThenUs: Timestamp<MICROSECOND>',
      'plainThenZoned: Timestamp<MILLISECOND, UTC>',
      'zonedThenPlain: Timestamp<MILLISECOND, UTC>',
      'boolThenText: Utf8',
      'emptyThenInt: Int64',
    ]);
    expect(canonicalRows(t)[1]).toMatchObject({
      intThenFloat: 2.5,
      intThenText: 'x',
      intThenHuge: 2 ** 63,
      boolThenText: 'maybe',
      emptyThenInt: '7',
    });
    expect(t.getChild('msThenUs')?.data[0]?.values[1]).toBe(1704067200123456n);
    expect(t.getChild('plainThenZoned')?.data[0]?.values[1]).toBe(1704063600000n);
  });

  const cell = fc.oneof(
    fc.constant(''),
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.constantFrom('true', 'FALSE', 'x', 'NaN', '9223372036854775808', '2024-02-29', '2024-01-01T10:00:00'),
    fc.constantFrom('2024-01-01T10:00:00.5Z', '2024-01-01 10:00:00.123456', '2024-01-01T10:00:00+02:00'),
  );

  it('gives the types and values of a build with the inferred types given up front', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 12 }),
        async (rows) => {
          const text = `a,b,c\n${rows.map((r) => `${r.join(',')},`.slice(0, -1)).join('\n')}\n`;
          const inferred = await csv.decode(enc(text));
          const columnTypes = Object.fromEntries(inferred.schema.fields.map((f) => [f.name, f.type]));
          const given = await createCsvCodec({ columnTypes }).decode(enc(text));
          expect(canonicalRows(inferred)).toEqual(canonicalRows(given));
          // The same types as a column-by-column decode, where each column's values alone decide.
          for (const name of ['a', 'b', 'c']) {
            const i = ['a', 'b', 'c'].indexOf(name);
            const alone = await csv.decode(enc(`${name}\n${rows.map((r) => r[i]).join('\n')}\n`));
            expect(String(inferred.schema.fields[i]?.type)).toBe(String(alone.schema.fields[0]?.type));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Decodes `text` with blocks of `blockFields` fields (Infinity: one block), as the codec does. */
function decodeInBlocks(text: string, blockFields: number, settings: Partial<CsvDecodeSettings> = {}) {
  const bytes = enc(text);
  const head = tokenize(bytes, 0x2c, 'f.csv', { from: 0, maxRows: 0 });
  return decodeCsv(bytes, head.header, head.header, head.next, {
    delimiter: 0x2c,
    explicit: new Map(),
    infer: true,
    file: 'f.csv',
    signal: undefined,
    blockFields,
    ...settings,
  });
}

describe('CSV decode in blocks of rows (bounded memory for field offsets)', () => {
  it('gives one batch per block, and the types of all values when a later block does not fit', async () => {
    const rows = Array.from(
      { length: 10 },
      (_, i) => `${i},${i % 2 ? 'true' : 'false'},2024-01-0${(i % 9) + 1}`,
    );
    const fits = decodeInBlocks(`a,b,c\n${rows.join('\n')}\n`, 6); // 2 rows a block
    expect(fits.batches.length).toBe(5);
    expect(schemaOf(fits)).toEqual(['a: Int64', 'b: Bool', 'c: Date32<DAY>']);
    expect(canonicalRows(fits)).toEqual(canonicalRows(await csv.decode(enc(`a,b,c\n${rows.join('\n')}\n`))));
    const misfit = `a,b,c\n${rows.join('\n')}\n2.5,maybe,2024-01-01T10:00:00.5Z\n`;
    const whole = decodeInBlocks(misfit, 6);
    expect(whole.batches.length).toBe(1);
    expect(schemaOf(whole)).toEqual(['a: Float64', 'b: Utf8', 'c: Timestamp<MILLISECOND, UTC>']);
    // A column with no value in the first block is typed from all values too.
    const late = decodeInBlocks('a,b\n,1\n,2\n7,3\n', 2);
    expect(schemaOf(late)).toEqual(['a: Int64', 'b: Int64']);
    expect(canonicalRows(late)[2]).toEqual({ a: '7', b: '3' });
  });

  it('names the row in the whole file of an error in a later block', () => {
    const text = `a,b\n${Array.from({ length: 9 }, (_, i) => `${i},x`).join('\n')}\nbad,x\n1\n`;
    const typed = { explicit: new Map([['a', { kind: 'int64' as const }]]) };
    expect(() => decodeInBlocks(text, 4, typed)).toThrow(
      expect.objectContaining({ name: 'FormatError', row: 10, column: 'a' }),
    );
    expect(() => decodeInBlocks(text.replace('bad', '9'), 4, typed)).toThrow(
      expect.objectContaining({ name: 'FormatError', row: 11 }),
    );
  });

  const cell = fc.oneof(
    fc.constant(''),
    fc.integer({ min: -5, max: 5 }).map(String),
    fc.constantFrom(
      '1.5',
      'true',
      'x',
      '"q, ""r"""',
      '2024-02-29',
      '2024-01-01T10:00:00.123456',
      '2024-01-01T10:00Z',
    ),
  );
  it('reads the same values and types in blocks of any size as in one block', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('\n', '\r\n', '\n\n'),
        (rows, blockFields, eol) => {
          const text = `a,b,c${eol}${rows.map((r) => r.join(',')).join(eol)}${eol}`;
          const blocks = decodeInBlocks(text, blockFields);
          const one = decodeInBlocks(text, Number.POSITIVE_INFINITY);
          expect(one.batches.length).toBeLessThanOrEqual(1);
          expect(schemaOf(blocks)).toEqual(schemaOf(one));
          expect(canonicalRows(blocks)).toEqual(canonicalRows(one));
        },
      ),
      { numRuns: 500 },
    );
  });
});
