import { StorageError } from '../../errors.js';

/** What a successful answer to one read request says about the object and its body. */
export interface ReadAnswer {
  /** HTTP status (200, or 206 for a ranged request). */
  readonly status: number;
  /** The object's generation (`x-goog-generation`); a given generation's bytes never change. */
  readonly generation: string | undefined;
  /** Size of the stored bytes (`x-goog-stored-content-length`, else the range's total), when known. */
  readonly storedSize: number | undefined;
  /** The body is gzip (`content-encoding: gzip`): the client must decompress it. */
  readonly gzip: boolean;
  /** The stored bytes' CRC32C (base64), when it applies to the body as received; else `undefined`. */
  readonly crc32c: string | undefined;
  /** Position in the stored bytes of the body's first byte: a 206's range start, 0 for a 200. */
  readonly start: number;
}

/** The `response` event's argument of the SDK's read stream: status and lower-cased headers. */
interface SdkResponse {
  readonly statusCode?: number;
  readonly headers?: Record<string, string | string[] | undefined>;
}

/** The {@link ReadAnswer} of an SDK `response`, or `undefined` when it is not a 2xx answer. */
export function parseReadAnswer(response: unknown): ReadAnswer | undefined {
  const r = response as SdkResponse | undefined;
  const status = r?.statusCode;
  if (typeof status !== 'number' || status < 200 || status > 299) return undefined;
  const header = (name: string) => {
    const value = r?.headers?.[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(header('content-range') ?? '');
  const stored = header('x-goog-stored-content-encoding');
  const gzip = header('content-encoding') === 'gzip';
  const storedLength = header('x-goog-stored-content-length');
  const storedSize =
    storedLength !== undefined && /^\d+$/.test(storedLength)
      ? Number(storedLength)
      : range
        ? Number(range[2])
        : undefined;
  // The body is the stored bytes (the client asks for no decompression) unless GCS decompressed a gzip-stored
  // object on the way; the SDK's rule for when its hash applies.
  const hashApplies = stored === 'identity' || (stored === 'gzip' && gzip);
  const crc32c = hashApplies
    ? /(?:^|,)\s*crc32c=([^,\s]+)/.exec(header('x-goog-hash') ?? '')?.[1]
    : undefined;
  return {
    status,
    generation: header('x-goog-generation'),
    storedSize,
    gzip,
    crc32c,
    start: status === 206 && range ? Number(range[1]) : 0,
  };
}

/**
 * Checks that `answer`, to a request for the stored bytes from `offset` on, continues the read that `first`
 * began: same generation, size and encoding, and a body that starts at or before `offset`. Returns how many
 * bytes of the body to drop (those already received); throws a {@link StorageError} when the object changed
 * or the body would leave a gap, since no retry can then give the bytes of one object.
 */
export function bytesToSkip(answer: ReadAnswer, first: ReadAnswer, offset: number, uri: string): number {
  const changed = (what: string) =>
    new StorageError('read', uri, `the object changed while it was being read (${what})`);
  if (first.generation !== undefined && answer.generation !== first.generation) {
    throw changed(`generation ${first.generation}, then ${answer.generation ?? 'none'}`);
  }
  if (first.storedSize !== undefined && answer.storedSize !== first.storedSize) {
    throw changed(`${first.storedSize} bytes, then ${answer.storedSize ?? 'unknown'}`);
  }
  if (answer.gzip !== first.gzip) throw changed('its content encoding');
  if (answer.start > offset) {
    throw new StorageError(
      'read',
      uri,
      `resuming at byte ${offset}, the server answered from byte ${answer.start}`,
    );
  }
  return offset - answer.start;
}
