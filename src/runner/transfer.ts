import * as workerThreads from 'node:worker_threads';

/** `isMarkedAsUntransferable` of Node >= 21; undefined on Node 20, where no buffer we see is marked. */
const isMarkedAsUntransferable = (
  workerThreads as { isMarkedAsUntransferable?: (object: unknown) => boolean }
).isMarkedAsUntransferable;

/** Whether Node lets `buffer` be transferred (Node >= 22 marks its Buffer pool as not). */
export function canTransfer(buffer: ArrayBuffer): boolean {
  return isMarkedAsUntransferable?.(buffer) !== true;
}

/**
 * The buffers to transfer for `chunks`, copying a chunk that shares its ArrayBuffer with other data (a
 * pooled Node Buffer, a view into a larger allocation) or whose buffer Node refuses to move (Node >= 22 marks
 * its Buffer pool untransferable): transferring that buffer would detach bytes that are not ours to move, or
 * throw a DataCloneError.
 */
export function transferable(chunks: Uint8Array[]): { chunks: Uint8Array[]; transfer: ArrayBuffer[] } {
  const out: Uint8Array[] = [];
  const transfer: ArrayBuffer[] = [];
  const seen = new Set<ArrayBufferLike>();
  for (const chunk of chunks) {
    const owned =
      chunk.byteOffset === 0 &&
      chunk.byteLength === chunk.buffer.byteLength &&
      chunk.buffer instanceof ArrayBuffer &&
      !seen.has(chunk.buffer) &&
      canTransfer(chunk.buffer);
    // A copy into a new ArrayBuffer: not `chunk.slice()`, which for a Node Buffer is a view of the same memory.
    const moved = owned ? chunk : new Uint8Array(chunk);
    seen.add(moved.buffer);
    out.push(moved);
    transfer.push(moved.buffer as ArrayBuffer);
  }
  return { chunks: out, transfer };
}

/** Collects a codec's output (bytes or a stream of chunks) into a list of chunks. */
export async function collectChunks(output: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  if (output instanceof Uint8Array) return [output];
  const chunks: Uint8Array[] = [];
  for await (const chunk of output) chunks.push(chunk);
  return chunks;
}

/** Total bytes of `chunks`. */
export function byteLength(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  return n;
}
