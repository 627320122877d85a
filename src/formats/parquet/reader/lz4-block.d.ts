// lz4js ships no types; the raw-block call the Parquet reader uses (LZ4_RAW pages are bare LZ4 blocks).
declare module 'lz4js' {
  /** Decodes one raw LZ4 block from `src[sIndex, sIndex + sLength)` into `dst` at `dIndex`; returns the end. */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
}
