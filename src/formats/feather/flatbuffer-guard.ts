import { ByteBuffer } from 'flatbuffers';

let installed = false;

/**
 * Makes flatbuffers throw on a vector whose declared length runs past its buffer. The flatbuffers runtime
 * trusts the lengths a file declares, so one corrupt byte in an IPC schema made apache-arrow build millions
 * of fields (over a gigabyte and many seconds for a 3 KB file). Every vector element takes at least one
 * byte, so a longer length is always corruption, and the check cannot reject a valid buffer.
 * Installed on the feather codec's first use, never at import time.
 */
export function installFlatbufferGuard(): void {
  if (installed) return;
  installed = true;
  const proto = ByteBuffer.prototype as unknown as {
    __vector_len(offset: number): number;
    readInt32(offset: number): number;
    capacity(): number;
  };
  const vectorLength = proto.__vector_len;
  proto.__vector_len = function guardedVectorLength(offset: number): number {
    const length = vectorLength.call(this, offset);
    const start = offset + this.readInt32(offset) + 4;
    if (length < 0 || start + length > this.capacity()) {
      throw new RangeError(`a flatbuffer vector declares ${length} elements past the end of its buffer`);
    }
    return length;
  };
}
