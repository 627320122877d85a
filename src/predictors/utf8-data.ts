import { Buffer } from 'node:buffer';
import { type Data, makeData, Utf8 } from 'apache-arrow';
import { PredictorError } from '../errors.js';

/** Strings longer than this are encoded by Node's native UTF-8 writer; shorter ones by the loop below. */
const NATIVE_FROM = 24;
const MAX_BYTES = 2 ** 31 - 1;

/**
 * A utf8 column (32-bit offsets and the UTF-8 bytes) from values that are strings or null. The bytes are
 * written straight into one buffer: ASCII by a plain loop (most values are short ASCII, where a call into the
 * encoder per value would cost more than the copy), anything else by Node's UTF-8 writer, which also replaces
 * lone surrogates with U+FFFD, as `TextEncoder` does.
 */
export function utf8Data(
  name: string,
  values: unknown[],
  nullCount: number,
  nullBitmap: Uint8Array | undefined,
  file: string,
): Data<Utf8> {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  let units = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'string') units += v.length;
  }
  // Exact for ASCII; grown when other characters (up to 3 bytes per UTF-16 unit) need more.
  let bytes: Buffer = Buffer.allocUnsafeSlow(Math.max(units, 16));
  let at = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (typeof s === 'string') {
      const length = s.length;
      if (at + length > bytes.length) bytes = grow(bytes, at, length);
      let j = 0;
      if (length < NATIVE_FROM) {
        for (; j < length; j++) {
          const c = s.charCodeAt(j);
          if (c >= 0x80) break;
          bytes[at++] = c;
        }
      }
      if (j < length) {
        const rest = length - j;
        if (at + 3 * rest > bytes.length) bytes = grow(bytes, at, 3 * rest);
        at += bytes.write(j === 0 ? s : s.slice(j), at, 'utf8');
      }
      if (at > MAX_BYTES) {
        throw new PredictorError(
          `The predictor returned a wrong shape for ${file}: column "${name}" holds more than 2 GiB of text, ` +
            'more than one Arrow utf8 column can; split the file',
          { file },
        );
      }
    }
    offsets[i + 1] = at;
  }
  // A buffer grown for a few wide characters is trimmed rather than kept half empty for the run.
  const data =
    at < bytes.length * 0.75
      ? Uint8Array.prototype.slice.call(bytes, 0, at)
      : new Uint8Array(bytes.buffer, bytes.byteOffset, at);
  return makeData({ type: new Utf8(), length: n, nullCount, nullBitmap, valueOffsets: offsets, data });
}

/** A copy of `bytes` (its first `used` bytes kept) with room for `need` more, at least doubled. */
function grow(bytes: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafeSlow(Math.max(bytes.length * 2, used + need));
  bytes.copy(next, 0, 0, used);
  return next;
}
