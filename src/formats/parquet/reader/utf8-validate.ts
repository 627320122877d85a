/**
 * Throws unless every value `data[offsets[i], offsets[i+1])` for `i` in `[from, to)` is valid UTF-8 (no
 * overlong forms, surrogates or code points past U+10FFFF), as arrow-rs demands of a Utf8 column. Checked per
 * value, which is what arrow-rs's whole-buffer check plus its char-boundary check on offsets amounts to.
 */
export function validateUtf8(data: Uint8Array, offsets: Int32Array, from: number, to: number): void {
  const start = offsets[from] as number;
  const end = offsets[to] as number;
  let ascii = true;
  for (let i = start; i < end; i++) {
    if ((data[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return;
  for (let v = from; v < to; v++) {
    if (!isUtf8(data, offsets[v] as number, offsets[v + 1] as number)) {
      throw new RangeError(`invalid UTF-8 in value ${v}`);
    }
  }
}

function isUtf8(b: Uint8Array, i: number, end: number): boolean {
  while (i < end) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + need >= end) return false;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k] as number;
      if ((d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}
