import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';

interface ByteBufferProto {
  __vector_len(offset: number): number;
  readInt32(offset: number): number;
  capacity(): number;
}

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
  const proto = arrowByteBufferPrototype();
  if (!proto) return;
  const vectorLength = proto.__vector_len;
  proto.__vector_len = function guardedVectorLength(this: ByteBufferProto, offset: number): number {
    const length = vectorLength.call(this, offset);
    const start = offset + this.readInt32(offset) + 4;
    if (length < 0 || start + length > this.capacity()) {
      throw new RangeError(`a flatbuffer vector declares ${length} elements past the end of its buffer`);
    }
    return length;
  };
}

/**
 * The prototype of the ByteBuffer class that apache-arrow itself uses, taken from a footer it decodes: importing
 * `flatbuffers` here could give another copy (a bundler inlines it when it is not a direct dependency).
 */
function arrowByteBufferPrototype(): ByteBufferProto | undefined {
  const file = tableToIPC(tableFromArrays({ a: Int8Array.of(1) }), 'file');
  const n = file.byteLength;
  const length = new DataView(file.buffer, file.byteOffset + n - 10, 4).getInt32(0, true);
  const footer = Footer.decode(file.subarray(n - 10 - length, n - 10)) as unknown as {
    _footer?: { bb?: object };
  };
  const bb = footer._footer?.bb;
  return bb ? (Object.getPrototypeOf(bb) as ByteBufferProto) : undefined;
}
