import * as A from 'apache-arrow';

const DAY = 86_400_000;

/** One column of every type the JS Parquet writer takes, `rows` long, a null every `nullEvery` rows (0: none). */
export function allTypesTable(rows: number, nullEvery: number): A.Table {
  const pick = <T>(values: readonly T[]) =>
    Array.from({ length: rows }, (_, i) =>
      nullEvery > 0 && i % nullEvery === 1 ? null : values[i % values.length]!,
    );
  const v = (type: A.DataType, values: readonly unknown[]) => A.vectorFromArray(pick(values), type);
  return new A.Table({
    bool: v(new A.Bool(), [true, false, false]),
    i8: v(new A.Int8(), [-128, 127, 0, -1]),
    i16: v(new A.Int16(), [-32768, 32767, 5]),
    i32: v(new A.Int32(), [-2147483648, 2147483647, 0, 42]),
    i64: v(new A.Int64(), [-(2n ** 63n), 2n ** 63n - 1n, 0n, -5n]),
    u8: v(new A.Uint8(), [0, 255, 128]),
    u16: v(new A.Uint16(), [0, 65535, 40000]),
    u32: v(new A.Uint32(), [0, 4294967295, 2147483648]),
    u64: v(new A.Uint64(), [0n, 2n ** 64n - 1n, 2n ** 63n + 7n, 3n]),
    f32: v(new A.Float32(), [1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, -3.25]),
    f64: v(new A.Float64(), [0, -0, Number.NaN, Number.NEGATIVE_INFINITY, 1e300, -2.5]),
    utf8: v(new A.Utf8(), ['', 'a', 'héllo wörld', '日本語', '😀 emoji', 'z'.repeat(100)]),
    large_utf8: v(new A.LargeUtf8(), ['x', 'ÿ', 'long '.repeat(30)]),
    binary: v(new A.Binary(), [Uint8Array.of(0, 255), Uint8Array.of(), Uint8Array.of(0xff, 0xff)]),
    large_binary: v(new A.LargeBinary(), [Uint8Array.of(1, 2, 3), Uint8Array.of(0x80)]),
    date32: v(new A.DateDay(), [new Date(0), new Date(-DAY * 1000), new Date(DAY * 20000)]),
    ts_s: v(new A.Timestamp(A.TimeUnit.SECOND), [0, 1_600_000_000_000, -1000]),
    ts_ms_utc: v(new A.Timestamp(A.TimeUnit.MILLISECOND, 'UTC'), [0, 1_600_000_000_123, -1]),
    ts_us_tz: v(new A.Timestamp(A.TimeUnit.MICROSECOND, 'Europe/Paris'), [1_600_000_000_000, 5]),
    ts_ns: v(new A.Timestamp(A.TimeUnit.NANOSECOND), [1_600_000_000_000, 7]),
    time_s: v(new A.TimeSecond(), [0, 86_399_000]),
    time_ms: v(new A.TimeMillisecond(), [0, 86_399_999]),
    time_us: v(new A.TimeMicrosecond(), [0n, 86_399_999_999n]),
    time_ns: v(new A.TimeNanosecond(), [0n, 86_399_999_999_999n]),
    dict: v(new A.Dictionary(new A.Utf8(), new A.Int32()), ['red', 'green', 'blue', 'red']),
    dict_i64: v(new A.Dictionary(new A.Int64(), new A.Int8()), [5n, -9n]),
  });
}

/** `table` cut into record batches of `size` rows (several Arrow chunks per column). */
export function rechunk(table: A.Table, size: number): A.Table {
  const batches: A.RecordBatch[] = [];
  for (let at = 0; at < table.numRows; at += size) batches.push(...table.slice(at, at + size).batches);
  return new A.Table(table.schema, batches);
}
