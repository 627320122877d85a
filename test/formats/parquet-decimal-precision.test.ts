import { Decimal, Field, List, makeData, makeVector, Struct, Table, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { createParquetCodec } from '../../src/formats/index.js';

/** Decimal data of the given unscaled values (a null's slot holds 10^60, which must be ignored). */
function decimalData(values: readonly (bigint | null)[], precision: number, scale = 2, bitWidth = 128) {
  const stride = bitWidth / 32;
  const words = new Uint32Array(values.length * stride);
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((value, i) => {
    if (value !== null) validity[i >> 3]! |= 1 << (i & 7);
    let bits = BigInt.asUintN(bitWidth, value ?? 10n ** 60n);
    for (let k = 0; k < stride; k++) {
      words[i * stride + k] = Number(bits & 0xffffffffn);
      bits >>= 32n;
    }
  });
  return makeData({
    type: new Decimal(scale, precision, bitWidth),
    length: values.length,
    nullBitmap: validity,
    data: words,
  });
}

function unscaled(vector: Vector | null, row: number): bigint | null {
  if (!vector?.isValid(row)) return null;
  const words = vector.data[0]!.values as Uint32Array;
  let value = 0n;
  for (let k = 3; k >= 0; k--) value = (value << 32n) | BigInt(words[row * 4 + k]!);
  return BigInt.asIntN(128, value);
}

async function encodeError(table: Table): Promise<FormatError> {
  const error = await createParquetCodec()
    .encode(table, { file: 'out.parquet' })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FormatError);
  return error as FormatError;
}

/**
 * arrow-rs writes a Decimal128 of precision 10 to 18 as INT64 and keeps only the low 64 bits of each value:
 * a value with more digits than the precision came back as another number, silently.
 */
describe('Parquet decimals outside their precision', () => {
  it('are refused with the column and the row', async () => {
    const table = new Table({
      id: makeVector(Int32Array.of(1, 2, 3)),
      price: makeVector(decimalData([12345n, null, 10n ** 30n], 10)),
    });
    const error = await encodeError(table);
    expect(error.column).toBe('price');
    expect(error.row).toBe(3);
    expect(error.message).toMatch(
      /out\.parquet, row 3, column price: the decimal 10000000000000000000000000000\.00 has more digits than the column's precision \(10\)/,
    );
  });

  it.each([
    [10, 10n ** 10n],
    [10, -(10n ** 10n)],
    [18, 10n ** 18n],
    [38, 10n ** 38n],
    [5, 100_000n],
  ])('precision %i refuses %s', async (precision, value) => {
    const error = await encodeError(new Table({ d: makeVector(decimalData([0n, value], precision)) }));
    expect(error.row).toBe(2);
  });

  it('inside a list or a struct, the row of the table is named', async () => {
    const child = decimalData([1n, 2n, 3n, 10n ** 12n], 10);
    const list = makeData({
      type: new List(new Field('item', child.type, true)),
      length: 3,
      nullCount: 0,
      valueOffsets: Int32Array.of(0, 2, 2, 4),
      child,
    });
    expect((await encodeError(new Table({ l: makeVector(list) }))).row).toBe(3);
    const struct = makeData({
      type: new Struct([new Field('d', child.type, true)]),
      length: 4,
      nullCount: 0,
      children: [child],
    });
    const error = await encodeError(new Table({ s: makeVector(struct) }));
    expect([error.row, error.column]).toEqual([4, 's']);
  });

  it('values at the edge of their precision round-trip exactly', async () => {
    const cases: [number, bigint][] = [
      [5, 99_999n],
      [10, 10n ** 10n - 1n],
      [18, 10n ** 18n - 1n],
      [19, 10n ** 19n - 1n],
      [38, 10n ** 38n - 1n],
    ];
    const codec = createParquetCodec();
    for (const [precision, max] of cases) {
      const values = [max, -max, 0n, null];
      const table = new Table({ d: makeVector(decimalData(values, precision)) });
      const back = await codec.decode(await codec.encode(table));
      expect(String(back.schema.fields[0]?.type)).toBe(String(table.schema.fields[0]?.type));
      expect(values.map((_, row) => unscaled(back.getChildAt(0), row))).toEqual(values);
    }
  });
});
