import { once } from 'node:events';
import type { File } from '@google-cloud/storage';
import { throwIfAborted } from '../../internal/abort.js';

/**
 * Streams `head` then the rest of `iterator` into a resumable upload. The object appears only when the last
 * chunk is accepted; on failure or abort the stream is destroyed before that, so nothing is finalized.
 */
export async function writeResumable(
  file: File,
  head: Uint8Array[],
  iterator: AsyncIterator<Uint8Array>,
  chunkSize: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  const stream = file.createWriteStream({ resumable: true, chunkSize });
  let failure: unknown;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const finished = once(stream, 'finish');
  finished.catch(() => undefined);
  const onAbort = () => stream.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
  signal?.addEventListener('abort', onAbort, { once: true });
  let size = 0;
  try {
    // Slices of at most one chunk, each waiting for 'drain': the client then buffers about one chunk, not the
    // whole object (a 256 MB buffer written at once cost three times its size in memory).
    const put = async (chunk: Uint8Array) => {
      for (let offset = 0; offset < chunk.byteLength; offset += chunkSize) {
        if (failure) throw failure;
        const slice = chunk.subarray(offset, Math.min(offset + chunkSize, chunk.byteLength));
        size += slice.byteLength;
        if (!stream.write(slice)) await Promise.race([once(stream, 'drain'), finished]);
      }
    };
    for (const chunk of head) await put(chunk);
    for (;;) {
      throwIfAborted(signal);
      const next = await iterator.next();
      if (next.done) break;
      await put(next.value);
    }
    throwIfAborted(signal);
    stream.end();
    await finished;
    if (failure) throw failure;
    return size;
  } catch (error) {
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    await iterator.return?.();
    throw failure ?? error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
