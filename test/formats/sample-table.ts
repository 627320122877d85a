import {
  Bool,
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  Struct,
  Table,
  Timestamp,
  TimeUnit,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';

/** A small table with the common types, nulls, unicode and nested columns. */
export function sampleTable(): Table {
  return new Table({
    id: vectorFromArray([1n, 2n, null, -9223372036854775808n, 9223372036854775807n], new Int64()),
    small: vectorFromArray([1, null, -2147483648, 2147483647, 0], new Int32()),
    x: vectorFromArray([1.5, Number.NaN, null, Number.MAX_VALUE, -0], new Float64()),
    flag: vectorFromArray([true, false, null, true, false], new Bool()),
    name: vectorFromArray(['a', 'ü,"x"\n', null, '', '😀'], new Utf8()),
    cat: vectorFromArray(['red', 'blue', 'red', null, 'blue'], new Dictionary(new Utf8(), new Int32())),
    day: vectorFromArray(
      [
        new Date(0),
        new Date(Date.UTC(2024, 1, 29)),
        null,
        new Date(-86400000),
        new Date(Date.UTC(9999, 11, 31)),
      ],
      new DateDay(),
    ),
    ts: vectorFromArray(
      [0, 1704067200123, null, -1, 253402300799999],
      new Timestamp(TimeUnit.MILLISECOND, 'UTC'),
    ),
    tags: vectorFromArray(
      [['a', 'b'], [], null, ['c'], [null]],
      new List(new Field('item', new Utf8(), true)),
    ),
    point: vectorFromArray(
      [{ px: 1, py: 'p' }, null, { px: null, py: null }, { px: 3, py: 'q' }, { px: 4, py: '' }],
      new Struct([new Field('px', new Int32(), true), new Field('py', new Utf8(), true)]),
    ),
  });
}
