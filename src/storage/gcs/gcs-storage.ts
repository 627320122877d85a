import type { Bucket, File, Storage } from '@google-cloud/storage';
import { StorageError } from '../../errors.js';
import { throwIfAborted } from '../../internal/abort.js';
import { chunksOf, concatChunks } from '../bytes.js';
import { folderPrefix, matchesExtensions, normalizeKey } from '../keys.js';
import type { GcsStorageOptions, StorageOptions } from '../options.js';
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
import { resolveGcsKey } from './credentials.js';
import { loadGoogleStorage } from './load-sdk.js';
import { mapGcsError } from './map-gcs-error.js';
import { readGcsObject } from './read-object.js';
import { writeResumable } from './resumable-write.js';

const MiB = 1024 * 1024;

/**
 * A GCS folder `gs://bucket/prefix/` as a {@link StorageAdapter}. Loads `@google-cloud/storage` on first
 * use; credentials as documented on {@link GcsStorageOptions}.
 */
export async function createGcsStorage(uri: string, options: StorageOptions = {}): Promise<StorageAdapter> {
  const location = parseStorageUri(uri);
  if (location.scheme !== 'gs')
    throw new StorageError('parse-uri', uri, 'createGcsStorage takes a gs:// URI');
  const gcs = options.gcs ?? {};
  const sdk = await loadGoogleStorage();
  let client = gcs.client as Storage | undefined;
  if (!client) {
    const key = await resolveGcsKey(gcs, options.secretResolver ?? envSecretResolver, location.uri);
    throwIfAborted(options.signal);
    client = new sdk.Storage({
      ...(gcs.apiEndpoint ? { apiEndpoint: gcs.apiEndpoint } : {}),
      ...(gcs.projectId || key?.project_id ? { projectId: gcs.projectId ?? key?.project_id } : {}),
      ...(key ? { credentials: { client_email: key.client_email, private_key: key.private_key } } : {}),
      retryOptions: {
        autoRetry: true,
        maxRetries: Math.max(0, (gcs.maxAttempts ?? 3) - 1),
        // Our writes replace a whole object with the same bytes, so retrying them is safe.
        idempotencyStrategy: sdk.IdempotencyStrategy.RetryAlways,
        retryDelayMultiplier: 2,
        maxRetryDelay: 16,
      },
    });
  }
  return new GcsStorage(
    client.bucket(location.bucket),
    location.bucket,
    location.prefix,
    location.uri,
    gcs,
    readAttempts(gcs, client),
  );
}

/**
 * Attempts a read may make in a row without receiving a byte: `maxAttempts`, else what the client's own
 * `retryOptions` allow (a client passed in may have turned retries off), else 3. Read once, here: the SDK
 * switches `retryOptions.autoRetry` off and on again around some requests.
 */
function readAttempts(gcs: GcsStorageOptions, client: Storage): number {
  if (gcs.maxAttempts !== undefined && Number.isFinite(gcs.maxAttempts)) {
    return Math.max(1, Math.floor(gcs.maxAttempts));
  }
  const retry = (client as { retryOptions?: { autoRetry?: boolean; maxRetries?: number } }).retryOptions;
  if (retry?.autoRetry === false) return 1;
  const retries = retry?.maxRetries;
  return typeof retries === 'number' && Number.isFinite(retries) ? Math.max(0, Math.floor(retries)) + 1 : 3;
}

/** `readIdleTimeout` when it is a positive number of milliseconds, else the default of 60 s. */
function readIdleTimeout(gcs: GcsStorageOptions): number {
  const ms = gcs.readIdleTimeout;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : 60_000;
}

class GcsStorage implements StorageAdapter {
  readonly scheme = 'gs';

  constructor(
    /** The underlying bucket handle, for escape hatches. */
    readonly bucket: Bucket,
    private readonly bucketName: string,
    private readonly root: string,
    readonly uri: string,
    private readonly options: GcsStorageOptions,
    /** Attempts in a row a read may make without receiving a byte (see {@link readAttempts}). */
    private readonly readAttempts: number,
  ) {}

  describe(key?: string): string {
    return key ? `${this.uri}${key}` : this.uri;
  }

  private fileOf(key: string, operation: 'read' | 'write' | 'stat' | 'delete') {
    const normalized = normalizeKey(key, operation, this.uri);
    return {
      file: this.bucket.file(`${this.root}${normalized}`),
      uri: this.describe(normalized),
      key: normalized,
    };
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<StorageObject> {
    const relative = folderPrefix(normalizeKey(prefix, 'list', this.uri, true));
    const uri = this.describe(relative);
    let pageToken: string | undefined;
    do {
      throwIfAborted(options.signal, `Listing ${uri}`);
      let files: File[];
      let next: { pageToken?: string } | undefined;
      try {
        [files, next] = (await this.bucket.getFiles({
          prefix: `${this.root}${relative}`,
          ...(options.recursive ? {} : { delimiter: '/' }),
          autoPaginate: false,
          maxResults: 1000,
          ...(pageToken ? { pageToken } : {}),
        })) as unknown as [typeof files, { pageToken?: string } | undefined];
      } catch (error) {
        throw mapGcsError(error, 'list', uri, this.bucketName);
      }
      for (const file of files) {
        const key = file.name.slice(this.root.length);
        if (!key || key.endsWith('/') || !matchesExtensions(key, options.extensions)) continue;
        const updated = file.metadata.updated;
        yield {
          key,
          size: Number(file.metadata.size ?? 0),
          ...(updated ? { lastModified: new Date(updated) } : {}),
        };
      }
      pageToken = next?.pageToken;
    } while (pageToken);
  }

  async read(key: string, options: IoOptions = {}): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of this.readStream(key, options)) {
      chunks.push(chunk);
      total += chunk.byteLength;
    }
    return concatChunks(chunks, total);
  }

  async *readStream(key: string, options: IoOptions = {}): AsyncIterable<Uint8Array> {
    const { file, uri } = this.fileOf(key, 'read');
    throwIfAborted(options.signal, `Reading ${uri}`);
    yield* readGcsObject({
      bucket: this.bucket,
      bucketName: this.bucketName,
      name: file.name,
      uri,
      maxAttempts: this.readAttempts,
      idleTimeoutMs: readIdleTimeout(this.options),
      signal: options.signal,
    });
  }

  async write(key: string, data: WriteInput, options: WriteOptions = {}): Promise<{ readonly size: number }> {
    const { file, uri } = this.fileOf(key, 'write');
    const threshold = this.options.resumableThreshold ?? 8 * MiB;
    const signal = options.signal;
    try {
      const iterator = chunksOf(data)[Symbol.asyncIterator]();
      const head: Uint8Array[] = [];
      let headBytes = 0;
      let done = false;
      while (headBytes < threshold) {
        throwIfAborted(signal, `Writing ${uri}`);
        const next = await iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        head.push(next.value);
        headBytes += next.value.byteLength;
      }
      throwIfAborted(signal, `Writing ${uri}`);
      if (done) {
        // Small objects go in one multipart request: the object exists only once it has arrived whole.
        await file.save(Buffer.from(concatChunks(head, headBytes)), { resumable: false });
        return { size: headBytes };
      }
      const chunkSize = this.options.chunkSize ?? 8 * MiB;
      return { size: await writeResumable(file, head, iterator, chunkSize, signal) };
    } catch (error) {
      throw mapGcsError(error, 'write', uri, this.bucketName);
    }
  }

  async stat(key: string, options: IoOptions = {}): Promise<StorageObject | undefined> {
    const { file, uri, key: normalized } = this.fileOf(key, 'stat');
    throwIfAborted(options.signal);
    try {
      const [meta] = await file.getMetadata();
      return {
        key: normalized,
        size: Number(meta.size ?? 0),
        ...(meta.updated ? { lastModified: new Date(meta.updated) } : {}),
      };
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) return undefined;
      throw mapGcsError(error, 'stat', uri, this.bucketName);
    }
  }

  async delete(key: string, options: IoOptions = {}): Promise<void> {
    const { file, uri } = this.fileOf(key, 'delete');
    throwIfAborted(options.signal);
    try {
      await file.delete({ ignoreNotFound: true });
    } catch (error) {
      throw mapGcsError(error, 'delete', uri, this.bucketName);
    }
  }
}
