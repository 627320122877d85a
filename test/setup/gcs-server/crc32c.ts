// CRC32C (Castagnoli), the checksum GCS reports in x-goog-hash; the client checks downloads against it.
const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}

/** CRC32C of `bytes`, base64 of the big-endian 32-bit value, as GCS writes it. */
export function crc32cBase64(bytes: Uint8Array): string {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ -1) >>> 0);
  return out.toString('base64');
}
