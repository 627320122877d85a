import { createHash } from 'node:crypto';
import { crc32cBase64 } from './crc32c.js';

/** One stored object. Hashes are computed once, when it is stored. */
export interface StoredObject {
  readonly bucket: string;
  readonly name: string;
  readonly data: Buffer;
  readonly generation: string;
  readonly contentType: string;
  readonly md5Hash: string;
  readonly crc32c: string;
  readonly created: Date;
}

export interface Bucket {
  readonly name: string;
  readonly created: Date;
  readonly objects: Map<string, StoredObject>;
}

/** A failure answered as GCS does: `{"error":{"code","message","errors":[…]}}`. */
export class GcsHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
let generation = Date.now() * 1000;

/** The server's state: buckets and their objects, in memory. */
export class GcsStore {
  readonly buckets = new Map<string, Bucket>();

  createBucket(name: unknown): Bucket {
    if (typeof name !== 'string' || !BUCKET_NAME.test(name)) {
      throw new GcsHttpError(400, 'invalid', `Invalid bucket name: '${String(name)}'`);
    }
    if (this.buckets.has(name)) {
      throw new GcsHttpError(
        409,
        'conflict',
        'Your previous request to create the named bucket succeeded and you already own it.',
      );
    }
    const bucket = { name, created: new Date(), objects: new Map<string, StoredObject>() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new GcsHttpError(404, 'notFound', 'The specified bucket does not exist.');
    return bucket;
  }

  object(bucketName: string, name: string): StoredObject {
    const object = this.bucket(bucketName).objects.get(name);
    if (!object) throw new GcsHttpError(404, 'notFound', `No such object: ${bucketName}/${name}`);
    return object;
  }

  /** Stores a complete object, checking the name, preconditions and any hashes the client sent. */
  put(
    bucketName: string,
    name: unknown,
    data: Buffer,
    meta: { contentType?: string; md5Hash?: string; crc32c?: string; ifGenerationMatch?: string | null },
  ): StoredObject {
    const bucket = this.bucket(bucketName);
    checkObjectName(name);
    if (meta.ifGenerationMatch != null) {
      const current = bucket.objects.get(name)?.generation ?? '0';
      if (current !== meta.ifGenerationMatch) {
        throw new GcsHttpError(
          412,
          'conditionNotMet',
          'At least one of the pre-conditions you specified did not hold.',
        );
      }
    }
    const md5Hash = createHash('md5').update(data).digest('base64');
    const crc32c = crc32cBase64(data);
    if (meta.md5Hash && meta.md5Hash !== md5Hash) {
      throw new GcsHttpError(400, 'invalid', 'Provided MD5 hash does not match calculated MD5 hash.');
    }
    if (meta.crc32c && meta.crc32c !== crc32c) {
      throw new GcsHttpError(400, 'invalid', 'Provided CRC32C does not match calculated CRC32C.');
    }
    generation += 1;
    const object: StoredObject = {
      bucket: bucketName,
      name,
      data,
      generation: String(generation),
      contentType: meta.contentType || 'application/octet-stream',
      md5Hash,
      crc32c,
      created: new Date(),
    };
    bucket.objects.set(name, object);
    return object;
  }
}

export function checkObjectName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '')
    throw new GcsHttpError(400, 'required', 'Required object name');
  if (Buffer.byteLength(name) > 1024 || /[\r\n]/.test(name) || name === '.' || name === '..') {
    throw new GcsHttpError(400, 'invalid', `Invalid object name: ${name}`);
  }
}

/** The JSON resource of an object, as `GET …/o/:o` and uploads answer. */
export function objectResource(o: StoredObject, base: string) {
  const path = `${encodeURIComponent(o.bucket)}/o/${encodeURIComponent(o.name)}`;
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `${base}/storage/v1/b/${path}`,
    mediaLink: `${base}/download/storage/v1/b/${path}?generation=${o.generation}&alt=media`,
    name: o.name,
    bucket: o.bucket,
    generation: o.generation,
    metageneration: '1',
    contentType: o.contentType,
    storageClass: 'STANDARD',
    size: String(o.data.length),
    md5Hash: o.md5Hash,
    crc32c: o.crc32c,
    etag: Buffer.from(o.generation).toString('base64'),
    timeCreated: o.created.toISOString(),
    updated: o.created.toISOString(),
  };
}
