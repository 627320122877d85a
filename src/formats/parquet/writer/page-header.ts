import type { ByteSink } from './byte-sink.js';
import { CompactWriter } from './thrift-compact.js';

/** parquet.thrift `PageType`. */
export const PageType = { Data: 0, Dictionary: 2 } as const;
/** parquet.thrift `Encoding` values the JS writer uses. */
export const Encoding = {
  Plain: 0,
  Rle: 3,
  DeltaBinaryPacked: 5,
  DeltaLengthByteArray: 6,
  RleDictionary: 8,
} as const;

/** Appends a PageHeader of a data page v1 (levels RLE) or of a dictionary page (PLAIN, unsorted). */
export function writePageHeader(
  sink: ByteSink,
  page: {
    readonly type: number;
    readonly uncompressed: number;
    readonly compressed: number;
    readonly values: number;
    readonly encoding: number;
  },
): void {
  const w = new CompactWriter(sink);
  w.i32(1, page.type);
  w.i32(2, page.uncompressed);
  w.i32(3, page.compressed);
  if (page.type === PageType.Data) {
    w.beginStruct(5);
    w.i32(1, page.values);
    w.i32(2, page.encoding);
    w.i32(3, Encoding.Rle);
    w.i32(4, Encoding.Rle);
    w.endStruct();
  } else {
    w.beginStruct(7);
    w.i32(1, page.values);
    w.i32(2, page.encoding);
    w.bool(3, false);
    w.endStruct();
  }
  w.sink.byte(0);
}
