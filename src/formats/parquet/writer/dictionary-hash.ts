/** Slots of a dictionary's hash table to start with (it doubles when half full). */
export const INITIAL_SLOTS = 1024;

/** Mixes two 32-bit words into a well-spread 32-bit hash. */
export function mix(a: number, b: number): number {
  const h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}

/** Hash of the bytes `[start, end)`. */
export function hashBytes(data: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let k = start;
  for (; k + 4 <= end; k += 4) {
    const w = data[k]! | (data[k + 1]! << 8) | (data[k + 2]! << 16) | (data[k + 3]! << 24);
    h = Math.imul(h ^ w, 0x01000193);
    h ^= h >>> 13;
  }
  for (; k < end; k++) h = Math.imul(h ^ data[k]!, 0x01000193);
  return mix(h, end - start);
}
