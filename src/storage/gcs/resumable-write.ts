import { once } from 'node:events';
import type { File } from '@google-cloud/storage';
import { throwIfAborted } from '../../internal/abort.js';
import { cancelUploadSession } from './cancel-session.js';

/**
 * Streams `head` then the rest of `iterator` into a resumable upload. The object appears only when the last
 * chunk is accepted; on failure or abort the stream is destroyed before that, so nothing is finalized, and
 * the upload session is cancelled (bounded in time) before the original error is thrown.
 */
export async function writeResumable(
  file: File,
  head: Uint8Array[],
  iterator: AsyncIterator<Uint8Array>,
  chunkSize: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  const stream = file.createWriteStream({ resumable: true, chunkSize });
  // The first write starts the session's creation; the SDK emits its URI once the server answers.
  let started = false;
  stream.once('writing', () => {
    started = true;
  });
  let sessionUri: string | undefined;
  // A plain listener, not events.once: that would reject on the stream's 'error', which is when it is needed.
  const session = new Promise<string>((resolve) => {
    stream.once('uri', (uri: string) => {
      sessionUri = uri;
      resolve(uri);
    });
  });
  let destroyedByUs = false;
  let sdkFailed = false;
  let failure: unknown;
  stream.on('error', (error) => {
    failure ??= error;
    if (!destroyedByUs) sdkFailed = true;
  });
  const finished = once(stream, 'finish');
  finished.catch(() => undefined);
  const destroy = (error: Error) => {
    destroyedByUs = true;
    stream.destroy(error);
  };
  const onAbort = () => destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
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
    destroy(error instanceof Error ? error : new Error(String(error)));
    // The source's own cleanup failing must not hide why the write failed, nor skip the cancel below.
    await Promise.resolve(iterator.return?.()).catch(() => undefined);
    // Without a URI yet, a session exists only if its creation is still under way: not when the SDK itself
    // failed before any URI (its creation request failed), nor when nothing was written.
    if (sessionUri !== undefined || (started && !sdkFailed)) await cancelUploadSession(file.storage, session);
    throw failure ?? error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
