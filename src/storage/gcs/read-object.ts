import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Bucket } from '@google-cloud/storage';
import { QwakBatchError, StorageError } from '../../errors.js';
import { anySignal, toAbortError } from '../../internal/abort.js';
import { sleep } from '../../internal/sleep.js';
import { sanitizedCopy } from '../sanitized-copy.js';
import { loadGoogleStorage } from './load-sdk.js';
import { mapGcsError } from './map-gcs-error.js';
import { bytesToSkip, parseReadAnswer, type ReadAnswer } from './read-answer.js';
import { openReadAttempt } from './read-attempt.js';
import { readRetryDelay } from './read-backoff.js';
import { isTransientGcsError } from './transient-error.js';

/** One object to read, and how. */
export interface GcsReadTarget {
  readonly bucket: Bucket;
  readonly bucketName: string;
  /** The object's full name in the bucket. */
  readonly name: string;
  /** `gs://` URI of the object, for messages. */
  readonly uri: string;
  /** Attempts in a row that may fail before the read does (at least 1). */
  readonly maxAttempts: number;
  /** Longest wait for the answer, then between two parts of the body, in milliseconds. */
  readonly idleTimeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The object's bytes, read with retries of our own: an attempt that fails with a transient error (HTTP 408,
 * 429, 5xx, a connection reset, refused or timed out, a body cut short) is retried after an exponential,
 * jittered wait, resuming at the first byte not yet received (a `Range` request on the pinned generation, or
 * the whole body with the bytes already received dropped, when the server ignores the range). `maxAttempts`
 * bounds the attempts in a row that get no byte; an attempt that got some starts the count again. The whole
 * object's CRC32C is checked at the end. A gzip-encoded body is decompressed after that, as the SDK would.
 * Errors are {@link StorageError}s naming the object; an abort of `signal` stops at once, also mid-wait.
 */
export async function* readGcsObject(target: GcsReadTarget): AsyncGenerator<Uint8Array> {
  // Ends an attempt still under way when the consumer stops early: the gzip decoder reads ahead of it.
  const stop = new AbortController();
  const state: ReadState = { first: undefined };
  const raw = storedBytes({ ...target, signal: anySignal(target.signal, stop.signal) }, state);
  try {
    const head = await raw.next();
    if (head.done) return;
    if (!state.first?.gzip) {
      yield head.value;
      yield* raw;
      return;
    }
    yield* gunzip(head.value, raw, target.uri);
  } finally {
    stop.abort();
    await raw.return(undefined).catch(() => undefined);
  }
}

interface ReadState {
  /** The first successful answer: the generation, size and encoding every later attempt must match. */
  first: ReadAnswer | undefined;
}

async function* storedBytes(target: GcsReadTarget, state: ReadState): AsyncGenerator<Uint8Array> {
  const { uri, signal } = target;
  const what = `Storage read of ${uri}`;
  const { CRC32C } = await loadGoogleStorage();
  const hash = new CRC32C();
  let offset = 0;
  let attempts = 0;
  let failuresInARow = 0;
  for (;;) {
    if (signal?.aborted) throw toAbortError(signal, what);
    attempts += 1;
    const stream = openReadAttempt(target.bucket, target.name, state.first?.generation, offset);
    let answer: ReadAnswer | undefined;
    stream.once('response', (response: unknown) => {
      answer = parseReadAnswer(response);
    });
    const onAbort = () => stream.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    // The SDK's HTTP client (node-fetch 2) never ends nor fails a body whose connection drops mid-way: a read
    // that waits too long for its next bytes is given up as timed out, and retried like a dropped connection.
    let idle: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      idle = setTimeout(() => {
        stream.destroy(
          Object.assign(new Error(`no bytes received for ${target.idleTimeoutMs} ms`), { code: 'ETIMEDOUT' }),
        );
      }, target.idleTimeoutMs);
    };
    watch();
    let progressed = false;
    try {
      let skip: number | undefined;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        clearTimeout(idle);
        skip ??= startOf(answer, state, offset, uri);
        let piece: Uint8Array = chunk;
        if (skip > 0) {
          const dropped = Math.min(skip, piece.byteLength);
          piece = piece.subarray(dropped);
          skip -= dropped;
          if (piece.byteLength === 0) {
            watch();
            continue;
          }
        }
        offset += piece.byteLength;
        progressed = true;
        if (state.first?.crc32c) hash.update(piece as Buffer);
        // Not while the consumer holds the bytes: its time is not the server's.
        yield piece;
        watch();
      }
      clearTimeout(idle);
      skip ??= startOf(answer, state, offset, uri);
      const size = state.first?.storedSize;
      if (skip > 0 || (size !== undefined && offset < size)) {
        // The connection closed without an error before the last byte: a cut like any other.
        throw Object.assign(new Error(`the body ended after ${offset} of ${size ?? 'more'} bytes`), {
          code: 'ERR_STREAM_PREMATURE_CLOSE',
        });
      }
      if (size !== undefined && offset > size) {
        throw new StorageError('read', uri, `received ${offset} bytes of an object of ${size}`);
      }
      const expected = state.first?.crc32c;
      if (expected !== undefined && hash.toString() !== expected) {
        throw new StorageError(
          'read',
          uri,
          `the bytes received do not match the object's CRC32C (expected ${expected}, got ${hash.toString()})`,
        );
      }
      return;
    } catch (error) {
      if (signal?.aborted) throw toAbortError(signal, what);
      if (QwakBatchError.isInstance(error)) throw error;
      if (state.first && (error as { code?: unknown } | null)?.code === 404) {
        // The pinned generation is gone: the object was replaced or deleted between two attempts.
        throw new StorageError(
          'read',
          uri,
          `the object changed while it was being read (generation ${state.first.generation ?? 'unknown'} is gone)`,
          { cause: withoutRequest(error) },
        );
      }
      // The SDK's error holds its request, headers (an OAuth token) included: the cause keeps a copy without.
      if (!isTransientGcsError(error))
        throw mapGcsError(withoutRequest(error), 'read', uri, target.bucketName);
      failuresInARow = progressed ? 1 : failuresInARow + 1;
      if (failuresInARow >= target.maxAttempts) {
        const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
        throw mapGcsError(withoutRequest(error), 'read', uri, target.bucketName, `gave up after ${tries}`);
      }
      await sleep(readRetryDelay(failuresInARow, error), signal).catch(() => {
        throw toAbortError(signal as AbortSignal, what);
      });
    } finally {
      clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
      stream.destroy();
    }
  }
}

/** A copy of an SDK error with its name, message, stack, code, status and details; not its request or response. */
function withoutRequest(error: unknown): Error {
  return sanitizedCopy(error, (text) => text);
}

/** How many bytes of this attempt's body to drop; the first successful answer is kept in `state`. */
function startOf(answer: ReadAnswer | undefined, state: ReadState, offset: number, uri: string): number {
  if (!answer) throw new StorageError('read', uri, 'the server sent a body without a successful status');
  if (state.first) return bytesToSkip(answer, state.first, offset, uri);
  if (answer.start !== 0) {
    throw new StorageError('read', uri, `the server answered from byte ${answer.start} instead of 0`);
  }
  state.first = answer;
  return 0;
}

/** `head` and `rest`, gzip-decoded; a failure of `rest` (already a typed error) passes through as it is. */
async function* gunzip(
  head: Uint8Array,
  rest: AsyncGenerator<Uint8Array>,
  uri: string,
): AsyncGenerator<Uint8Array> {
  const source = Readable.from(
    (async function* () {
      yield head;
      yield* rest;
    })(),
  );
  const decoder = createGunzip();
  const out = pipeline(source, decoder, () => undefined);
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (QwakBatchError.isInstance(error)) throw error;
    throw new StorageError('read', uri, `the gzip-encoded body could not be decoded: ${String(error)}`, {
      cause: error,
    });
  } finally {
    decoder.destroy();
    source.destroy();
  }
}
