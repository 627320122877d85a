import type { ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../../errors.js';
import { throwIfAborted } from '../../internal/abort.js';
import { collectBytes, concatChunks } from '../bytes.js';
import { folderPrefix, matchesExtensions, normalizeKey } from '../keys.js';
import type { S3StorageOptions, StorageOptions } from '../options.js';
import { envSecretResolver } from '../secrets.js';
import type {
  IoOptions,
  ListOptions,
  StorageAdapter,
  StorageObject,
  WriteInput,
  WriteOptions,
} from '../types.js';
import { parseStorageUri } from '../uri.js';
import { resolveS3Credentials } from './credentials.js';
import { loadClientS3 } from './load-sdk.js';
import { mapS3Error } from './map-s3-error.js';
import { uploadObject } from './upload.js';

const MiB = 1024 * 1024;

/**
 * An S3 (or S3-compatible) folder `s3://bucket/prefix/` as a {@link StorageAdapter}. Loads
 * `@aws-sdk/client-s3` on first use; credentials as documented on {@link S3StorageOptions}.
 */
export async function createS3Storage(uri: string, options: StorageOptions = {}): Promise<StorageAdapter> {
  const location = parseStorageUri(uri);
  if (location.scheme !== 's3')
    throw new StorageError('parse-uri', uri, 'createS3Storage takes an s3:// URI');
  const s3 = options.s3 ?? {};
  const sdk = await loadClientS3();
  let client = s3.client as S3Client | undefined;
  const owned = client === undefined;
  if (!client) {
    const credentials = await resolveS3Credentials(
      s3,
      options.secretResolver ?? envSecretResolver,
      location.uri,
      options.signal,
    );
    client = new sdk.S3Client({
      region: s3.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
      forcePathStyle: s3.forcePathStyle ?? s3.endpoint !== undefined,
      ...(credentials ? { credentials } : {}),
      maxAttempts: s3.maxAttempts ?? 3,
      // S3-compatible stores (Ceph 16 among them) refuse the trailing checksums the SDK adds by default.
      ...(s3.endpoint
        ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
        : {}),
    });
  }
  return new S3Storage(sdk, client, owned, location.bucket, location.prefix, location.uri, s3);
}

class S3Storage implements StorageAdapter {
  readonly scheme = 's3';

  constructor(
    private readonly sdk: Awaited<ReturnType<typeof loadClientS3>>,
    /** The underlying client, for escape hatches. */
    readonly client: S3Client,
    private readonly owned: boolean,
    private readonly bucket: string,
    private readonly root: string,
    readonly uri: string,
    private readonly options: S3StorageOptions,
  ) {}

  describe(key?: string): string {
    return key ? `${this.uri}${key}` : this.uri;
  }

  private keyOf(key: string, operation: 'read' | 'write' | 'stat' | 'delete') {
    const normalized = normalizeKey(key, operation, this.uri);
    return { full: `${this.root}${normalized}`, uri: this.describe(normalized), key: normalized };
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<StorageObject> {
    const relative = folderPrefix(normalizeKey(prefix, 'list', this.uri, true));
    const uri = this.describe(relative);
    let token: string | undefined;
    do {
      throwIfAborted(options.signal, `Listing ${uri}`);
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new this.sdk.ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${this.root}${relative}`,
            ...(options.recursive ? {} : { Delimiter: '/' }),
            ...(token ? { ContinuationToken: token } : {}),
          }),
          { abortSignal: options.signal },
        );
      } catch (error) {
        throw mapS3Error(error, 'list', uri, this.bucket);
      }
      for (const item of page.Contents ?? []) {
        const key = item.Key?.slice(this.root.length);
        // Keys ending in "/" are folder markers that consoles create, not files.
        if (!key || key.endsWith('/') || !matchesExtensions(key, options.extensions)) continue;
        yield {
          key,
          size: item.Size ?? 0,
          ...(item.LastModified ? { lastModified: item.LastModified } : {}),
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async get(key: string, signal?: AbortSignal) {
    const { full, uri } = this.keyOf(key, 'read');
    try {
      const answer = await this.client.send(
        new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: full }),
        {
          abortSignal: signal,
        },
      );
      return {
        answer,
        uri,
        body: answer.Body as unknown as AsyncIterable<Uint8Array> & { destroy?(): void },
      };
    } catch (error) {
      throw mapS3Error(error, 'read', uri, this.bucket);
    }
  }

  async read(key: string, options: IoOptions = {}): Promise<Uint8Array> {
    const { answer, uri, body } = await this.get(key, options.signal);
    try {
      const length = answer.ContentLength;
      if (length === undefined) return await collectBytes(body);
      // Copy into one buffer of the announced size: no second copy at the end, as concatenation would make.
      const out = new Uint8Array(length);
      let offset = 0;
      const extra: Uint8Array[] = [];
      for await (const chunk of body) {
        if (offset + chunk.byteLength <= length && extra.length === 0) out.set(chunk, offset);
        else extra.push(chunk);
        offset += chunk.byteLength;
      }
      if (offset !== length) {
        throw new StorageError('read', uri, `the object has ${offset} bytes, the store announced ${length}`);
      }
      return extra.length ? concatChunks([out, ...extra], offset) : out;
    } catch (error) {
      body.destroy?.();
      throw mapS3Error(error, 'read', uri, this.bucket);
    }
  }

  async *readStream(key: string, options: IoOptions = {}): AsyncIterable<Uint8Array> {
    const { uri, body } = await this.get(key, options.signal);
    try {
      for await (const chunk of body) yield chunk;
    } catch (error) {
      throw mapS3Error(error, 'read', uri, this.bucket);
    } finally {
      body.destroy?.();
    }
  }

  async write(key: string, data: WriteInput, options: WriteOptions = {}): Promise<{ readonly size: number }> {
    const { full, uri } = this.keyOf(key, 'write');
    const partSize = Math.max(5 * MiB, this.options.partSize ?? 8 * MiB);
    try {
      const size = await uploadObject(
        {
          sdk: this.sdk,
          client: this.client,
          bucket: this.bucket,
          key: full,
          partSize,
          threshold: Math.max(partSize, this.options.multipartThreshold ?? 16 * MiB),
          queueSize: Math.max(1, this.options.queueSize ?? 4),
          signal: options.signal,
        },
        data,
      );
      return { size };
    } catch (error) {
      throw mapS3Error(error, 'write', uri, this.bucket);
    }
  }

  async stat(key: string, options: IoOptions = {}): Promise<StorageObject | undefined> {
    const { full, uri, key: normalized } = this.keyOf(key, 'stat');
    try {
      const head = await this.client.send(
        new this.sdk.HeadObjectCommand({ Bucket: this.bucket, Key: full }),
        {
          abortSignal: options.signal,
        },
      );
      return {
        key: normalized,
        size: head.ContentLength ?? 0,
        ...(head.LastModified ? { lastModified: head.LastModified } : {}),
      };
    } catch (error) {
      const mapped = mapS3Error(error, 'stat', uri, this.bucket);
      if ((mapped as { code?: string }).code === 'STORAGE_NOT_FOUND') return undefined;
      throw mapped;
    }
  }

  async delete(key: string, options: IoOptions = {}): Promise<void> {
    const { full, uri } = this.keyOf(key, 'delete');
    try {
      await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: full }), {
        abortSignal: options.signal,
      });
    } catch (error) {
      throw mapS3Error(error, 'delete', uri, this.bucket);
    }
  }

  async close(): Promise<void> {
    if (this.owned) this.client.destroy();
  }
}
