// lz4js ships no types; these are the two calls the feather codec uses (LZ4 frame format).
declare module 'lz4js' {
  /** Compresses into one LZ4 frame. */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Decompresses one LZ4 frame. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}
