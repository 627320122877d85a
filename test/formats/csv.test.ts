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
import { describe, expect, it } from 'vitest';
import { FormatError, UsageError } from '../../src/errors.js';
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
    const e = await fails('a,b\n1,2\n3\n', /row 2.*1 field where the header has 2/);
    expect(e.row).toBe(2);
    await fails('a,b\n1,2,3\n', /row 1.*3 fields/);
  });

  it('names the offset of an unclosed quote and of text after a closing quote', async () => {
    const e = await fails('a\n"abc\n', /not closed/);
    expect(e.offset).toBe(2);
    await fails('a,b\n"x"y,1\n', /after a closing quote/);
  });

  it('rejects invalid UTF-8 with its byte offset', async () => {
    const e = await fails(new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0x0a]), /not valid UTF-8/);
    expect(e.offset).toBe(3);
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
