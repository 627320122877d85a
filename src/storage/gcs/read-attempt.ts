import type { Readable } from 'node:stream';
import type { Bucket } from '@google-cloud/storage';

/**
 * Opens one request for an object's stored bytes from `offset` on, with the SDK's own retries turned off for
 * this request only. The SDK retries a streamed read through `retry-request`, which destroys the stream of a
 * failed attempt while `teeny-request` still pipes the answer into it: on Node 24 that is an uncaught
 * `ERR_STREAM_UNABLE_TO_PIPE` that can end the process (googleapis/google-cloud-node#8670, in teeny-request 9
 * to 11). Reads are retried by {@link readGcsObject} instead; other requests keep the client's retries.
 *
 * The body comes as stored (no decompression, so that a byte position means the same in every attempt), and
 * unchecked (the read checks the whole object's CRC32C itself, across attempts). `generation`, once known,
 * pins the object, so that a later attempt cannot return another version's bytes.
 */
export function openReadAttempt(
  bucket: Bucket,
  name: string,
  generation: string | undefined,
  offset: number,
): Readable {
  const file = bucket.file(name, generation === undefined ? {} : { generation });
  // `maxRetries` on the request itself overrides the client's `retryOptions` (the SDK's documented per-request
  // setting), and an interceptor is the SDK's hook to set it on the requests of one object handle.
  file.interceptors.push({
    request: (options) =>
      ({ ...options, maxRetries: 0 }) as ReturnType<(typeof file.interceptors)[0]['request']>,
  });
  return file.createReadStream({
    validation: false,
    decompress: false,
    ...(offset > 0 ? { start: offset } : {}),
  });
}
