/** The footer (FileMetaData) bytes of a Parquet file decoded as Latin-1 text, to look for strings in it. */
export function footerText(bytes: Uint8Array): string {
  const n = bytes.length;
  const length = new DataView(bytes.buffer, bytes.byteOffset, n).getUint32(n - 8, true);
  return Buffer.from(bytes.subarray(n - 8 - length, n - 8)).toString('latin1');
}
