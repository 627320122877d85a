import * as A from 'apache-arrow';
import type { ParquetCodecOptions } from '../../src/formats/index.js';
import { rechunk } from './js-writer-tables.js';

/** A small deterministic generator (a linear congruential one): the same seed gives the same table. */
function generator(seed: number) {
  let state = Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  // Close seeds start close: a few draws spread them apart.
  for (let i = 0; i < 4; i++) next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, pick, int };
}

type Generator = ReturnType<typeof generator>;

const KINDS = ['i32', 'i64', 'u32', 'u64', 'i8', 'f32', 'f64', 'bool', 'utf8', 'bin', 'dict', 'long', 'ts'];

/** A column of a random kind, value order (random, sorted, reversed, few or many distinct), null layout. */
function randomColumn(g: Generator, rows: number): [string, A.Vector] {
  const kind = g.pick(KINDS);
  const order = g.pick(['random', 'sorted', 'reverse', 'few', 'many']);
  const nulls = g.pick(['none', 'none', 'sparse', 'clustered', 'all', 'half']);
  const [from, length] = [g.int(0, rows), g.int(0, 40_000)];
  const isNull = (i: number) =>
    nulls === 'all' ||
    (nulls === 'sparse' && g.next() < 0.01) ||
    (nulls === 'half' && g.next() < 0.5) ||
    (nulls === 'clustered' && i >= from && i < from + length);
  const distinct = order === 'few' ? 7 : order === 'many' ? 5_000 : 0;
  const base = (i: number) =>
    order === 'sorted'
      ? i
      : order === 'reverse'
        ? rows - i
        : distinct
          ? g.int(0, distinct - 1)
          : g.int(-1e9, 1e9);
  const long = g.pick([10, 60, 300, 3_000]);
  const kinds: Record<string, [A.DataType, (i: number) => unknown]> = {
    i32: [new A.Int32(), (i) => base(i) | 0],
    i64: [new A.Int64(), (i) => BigInt(base(i)) * 1_000_003n],
    u32: [new A.Uint32(), (i) => (base(i) * 7) >>> 0],
    u64: [new A.Uint64(), (i) => BigInt.asUintN(64, BigInt(base(i)) * 9_000_000_000_000n)],
    i8: [new A.Int8(), (i) => base(i) % 128],
    f32: [new A.Float32(), (i) => (g.next() < 0.05 ? Number.NaN : base(i) / 3)],
    f64: [new A.Float64(), (i) => (g.next() < 0.02 ? g.pick([Number.NaN, 0, -0, Infinity]) : base(i) * 1.5)],
    bool: [new A.Bool(), (i) => (order === 'sorted' ? i > rows / 2 : g.next() < 0.5)],
    utf8: [new A.Utf8(), (i) => `v${base(i)}`],
    bin: [new A.Binary(), (i) => new TextEncoder().encode(`b${base(i)}`)],
    dict: [new A.Dictionary(new A.Utf8(), new A.Int32()), (i) => `d${base(i) % 100}`],
    long: [
      new A.Utf8(),
      (i) => `${base(i)}`.padStart(12, '0').padEnd(long + g.int(0, 20), g.pick(['x', 'é', '😀'])),
    ],
    ts: [new A.Timestamp(A.TimeUnit.MILLISECOND, 'UTC'), (i) => 1.6e12 + base(i)],
  };
  const [type, value] = kinds[kind]!;
  const values = Array.from({ length: rows }, (_, i) => (isNull(i) ? null : value(i)));
  return [`${kind}_${order}_${nulls}`, A.vectorFromArray(values as never[], type)];
}

/**
 * A random table (1 to 4 columns, up to 70,000 rows, cut into record batches or not) and random codec options
 * (row group size, delta encodings, dictionary ratio), the same for the same seed.
 */
export function randomPageIndexCase(seed: number): { table: A.Table; options: ParquetCodecOptions } {
  const g = generator(seed);
  const rows = g.pick([1, 5_000, 20_001, 33_000, 45_000, 70_000]);
  const columns: Record<string, A.Vector> = {};
  for (let c = g.int(1, 4); c > 0; c--) {
    const [name, vector] = randomColumn(g, rows);
    columns[`${name}_${c}`] = vector;
  }
  const batch = g.pick([0, 0, 1_000, 7_777, 40_000]);
  const table = batch ? rechunk(new A.Table(columns), batch) : new A.Table(columns);
  const options: ParquetCodecOptions = {
    rowGroupSize: g.pick([1_048_576, 10_000, 30_000, 50_000]),
    deltaEncodings: g.next() < 0.3,
    dictionaryMaxDistinctRatio: g.pick([undefined, 0, 1, 0.5]),
  };
  return { table, options };
}
