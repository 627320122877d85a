import * as A from 'apache-arrow';
import { expect } from 'vitest';
import type { ParquetCodecOptions } from '../../src/formats/index.js';
import type { ChunkPageIndex } from './helpers/parquet-page-index.js';
import { rechunk } from './js-writer-tables.js';

/** A table, the codec options to write it with, and what its page index must show besides arrow-rs's. */
interface Case {
  readonly table: A.Table;
  readonly options?: ParquetCodecOptions;
  readonly expectIndex?: (index: ChunkPageIndex[][]) => void;
}

/** `n` values of `type`, `f(i)` each (null where it returns null). */
function column<T>(n: number, type: A.DataType, f: (i: number) => T | null): A.Vector {
  return A.vectorFromArray(Array.from({ length: n }, (_, i) => f(i)) as never[], type);
}

/** A table of REQUIRED (not nullable) columns. */
function required(columns: Record<string, A.Vector>): A.Table {
  const vectors = Object.values(columns);
  const fields = Object.entries(columns).map(([name, v]) => new A.Field(name, v.type, false));
  const schema = new A.Schema(fields);
  const children = vectors.map((v) => v.data[0]!);
  const data = A.makeData({ type: new A.Struct(fields), length: vectors[0]!.length, children });
  return new A.Table(schema, [new A.RecordBatch(schema, data)]);
}

/** `n` strings of `length` characters (`fill` repeated after the row number), distinct. */
function strings(n: number, length: number, fill = 'x'): string[] {
  return Array.from({ length: n }, (_, i) => `${i}`.padStart(8, '0').padEnd(length, fill));
}

const te = new TextEncoder();

/**
 * Tables whose page index shows how arrow-rs cuts pages and fills its ColumnIndex (each one differs from the
 * others in what it makes arrow-rs do); every one is written by both writers and compared.
 */
export const pageIndexTables = {
  'null pages, all-null columns, and a page of only NaN (no column index then)': (): Case => {
    const n = 50_000;
    return {
      table: new A.Table({
        holes: column(n, new A.Int32(), (i) => (i >= 20_000 && i < 44_000 ? null : i)),
        nulls: column(n, new A.Utf8(), () => null),
        boolNulls: column(n, new A.Bool(), () => null),
        nanPage: column(n, new A.Float64(), (i) => (i >= 20_000 ? Number.NaN : i)),
        nanOrNull: column(n, new A.Float32(), (i) =>
          i >= 20_000 && i < 45_000 ? (i % 2 ? null : Number.NaN) : i,
        ),
        zeros: column(n, new A.Float64(), (i) => (i % 2 ? 0 : -0)),
      }),
      expectIndex: (index) => {
        const chunk = (name: string) => index[0]!.find((c) => c.column === name)!;
        expect(chunk('holes').columnIndex!.nullPages).toEqual([false, true, false]);
        expect(chunk('nulls').columnIndex!.nullPages.every(Boolean)).toBe(true);
        expect(chunk('nanPage').columnIndex).toBeUndefined();
        expect(chunk('nanOrNull').columnIndex).toBeUndefined();
        expect(chunk('nanOrNull').offsetIndex).toBeDefined();
      },
    };
  },

  'boundary orders: ascending, descending, unordered, in signed, unsigned, float, bool and byte order':
    (): Case => {
      const n = 50_000;
      return {
        table: new A.Table({
          up: column(n, new A.Int32(), (i) => i),
          down: column(n, new A.Int64(), (i) => BigInt(-i)),
          mixed: column(n, new A.Int32(), (i) => (i * 7919) % 1000),
          u32: column(n, new A.Uint32(), (i) => (i < 25_000 ? 2 ** 31 + i : i)),
          u64: column(n, new A.Uint64(), (i) => (i < 25_000 ? 2n ** 63n + BigInt(i) : BigInt(i))),
          u8: column(n, new A.Uint8(), (i) => 255 - (i >> 8)),
          boolUp: column(n, new A.Bool(), (i) => i > 25_000),
          boolDown: column(n, new A.Bool(), (i) => i < 25_000),
          floatDown: column(n, new A.Float32(), (i) => (i % 3 ? Number.NaN : -i)),
          textDown: column(n, new A.Utf8(), (i) => String(99_999 - i).padStart(6, '0')),
        }),
      };
    },

  'long strings and binaries: min and max truncated to 64 bytes, the max rounded up': (): Case => {
    const n = 21_000;
    const text = (f: (i: number) => string) => column(n, new A.Utf8(), f);
    return {
      table: new A.Table({
        z: text((i) => `${'z'.repeat(100)}${i % 10}`),
        del: text((i) => `${'\x7f'.repeat(100)}${i % 10}`),
        twoBytes: text((i) => `${'ÿ'.repeat(60)}${i % 10}`),
        widthGrows: text((i) => `${'a'.repeat(62)}${'\u07ff'.repeat(10)}${i % 10}`),
        surrogate: text((i) => `${'a'.repeat(61)}${'\ud7ff'.repeat(10)}${i % 10}`),
        bmpEnd: text((i) => `${'a'.repeat(61)}${'\uffff'.repeat(10)}${i % 10}`),
        lastCodePoint: text((i) => `${'a'.repeat(60)}${'\u{10ffff}'.repeat(10)}${i % 10}`),
        mixed: text((i) => `${'héllo wörld 日本語 😀 '.repeat(1 + (i % 3))}${i}`),
        large: column(n, new A.LargeUtf8(), (i) => `${'long '.repeat(30)}${i}`),
        binCarry: column(n, new A.Binary(), () =>
          Uint8Array.from({ length: 80 }, (_, k) => (k < 60 ? 0x61 : 0xff)),
        ),
        binAllFf: column(n, new A.Binary(), () => new Uint8Array(80).fill(0xff)),
        binUtf8: column(n, new A.Binary(), (i) => te.encode(`x${'é'.repeat(40)}${i % 10}`)),
        largeBin: column(n, new A.LargeBinary(), (i) =>
          Uint8Array.from({ length: 70 }, (_, k) => (k === 63 ? 0xff : (k * 37 + i) & 0x7f)),
        ),
      }),
    };
  },

  'a dictionary past 1 MiB falls back to plain pages: strings, with and without nulls, and integers':
    (): Case => {
      const n = 200_000;
      const label = (i: number) => (i < 5_000 ? `k${i % 10}` : `value-${i}-${'x'.repeat(8)}`);
      const wide = (i: number) => (i < 5_000 ? i % 10 : i);
      return {
        table: new A.Table({
          s: column(n, new A.Utf8(), label),
          sNulls: column(n, new A.Utf8(), (i) => (i >= 5_000 && i % 7 === 0 ? null : label(i))),
          i64: column(n, new A.Int64(), (i) => BigInt(wide(i))),
          i32: column(n, new A.Int32(), wide),
        }),
      };
    },

  'pages cut at 1 MiB: long strings, with and without nulls': (): Case => {
    const n = 6_000;
    const [s500, s3000, s4000] = [strings(n, 500), strings(n, 3000), strings(n, 4000, 'é')];
    return {
      table: new A.Table({
        s500: column(n, new A.Utf8(), (i) => s500[i]!),
        s3000: column(n, new A.Utf8(), (i) => (i % 3 === 0 ? null : s3000[i]!)),
        s4000: column(n, new A.Utf8(), (i) => (i % 2 ? null : s4000[i]!)),
      }),
      options: { dictionaryMaxDistinctRatio: 0 },
    };
  },

  'values that fill 1 MiB exactly: the page takes one more': (): Case => {
    const n = 30_000;
    // 16,384 values of 60 bytes (64 with their lengths) are 1 MiB; 8,192 of 124 bytes too.
    const [s60, s124] = [strings(n, 60), strings(n, 124)];
    return {
      table: new A.Table({
        s60: column(n, new A.Utf8(), (i) => s60[i]!),
        s124: column(n, new A.Utf8(), (i) => s124[i]!),
      }),
      options: { dictionaryMaxDistinctRatio: 0 },
    };
  },

  'delta encodings past 1 MiB': (): Case => {
    const s124 = strings(30_000, 124);
    return {
      table: new A.Table({
        s124: column(30_000, new A.Utf8(), (i) => s124[i]!),
        varied: column(30_000, new A.Utf8(), (i) => 'v'.repeat((i * 7919) % 300)),
      }),
      options: { dictionaryMaxDistinctRatio: 0, deltaEncodings: true },
    };
  },

  'delta lengths: the encoded lengths count toward 1 MiB (a REQUIRED column: 1,024-row mini-batches)':
    (): Case => ({
      // 2,048 values hold 1,046,528 bytes: only with their lengths' 15 blocks do they reach 1 MiB.
      table: required({ s: column(6_000, new A.Utf8(), (i) => (i % 2 ? 'x'.repeat(1_022) : '')) }),
      options: { dictionaryMaxDistinctRatio: 0, deltaEncodings: true },
    }),

  'REQUIRED columns: 1,024-row mini-batches, a byte limit inside one or at its end': (): Case => ({
    // 1,024 values of 1,020 bytes (with their lengths) are exactly 1 MiB; of 1,024 bytes, more.
    table: required({
      exact: A.vectorFromArray(strings(5_000, 1_020), new A.Utf8()),
      inside: A.vectorFromArray(strings(5_000, 1_024), new A.Utf8()),
    }),
    options: { dictionaryMaxDistinctRatio: 0 },
  }),

  'dictionary-typed columns, small and past 1 MiB': (): Case => {
    // A type each: columns sharing a Dictionary type share its id, which one IPC stream cannot hold.
    const type = () => new A.Dictionary(new A.Utf8(), new A.Int32());
    const colors = ['red', 'green', 'blue'];
    return {
      table: new A.Table({
        small: column(100_000, type(), (i) => colors[i % 3]!),
        smallNulls: column(100_000, type(), (i) => (i % 5 === 0 ? null : colors[i % 3]!)),
        past: column(100_000, type(), (i) => `${i % 30_000}`.padEnd(40, 'q')),
        ints: column(100_000, new A.Dictionary(new A.Int64(), new A.Int8()), (i) => BigInt(i % 7)),
      }),
    };
  },

  "the table's own record batches, and row groups that start inside one": (): Case => {
    const n = 100_000;
    return {
      table: rechunk(
        new A.Table({
          lateNull: column(n, new A.Int32(), (i) => (i === 60_000 ? null : i)),
          allNullThen: column(n, new A.Int32(), (i) => (i < 40_000 ? null : i)),
          nullAtBatchEnd: column(n, new A.Int32(), (i) => (i === 32_767 || i === 90_001 ? null : i % 77)),
          dense: column(n, new A.Utf8(), (i) => (i % 2 ? null : `${i % 300}`)),
        }),
        7_777,
      ),
      options: { rowGroupSize: 25_000 },
    };
  },
};
