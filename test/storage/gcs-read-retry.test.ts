// Reads of gs:// objects are retried by the adapter itself, with the SDK's own retries off for them: the SDK's
// retry of a streamed read (retry-request over teeny-request) pipes into a stream it has destroyed, which
// Node 24 throws as an uncaught ERR_STREAM_UNABLE_TO_PIPE (googleapis/google-cloud-node#8670). Run on Node 24
// too: there, a read retried by the SDK makes vitest report that unhandled error and fail the run.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CRC32C, Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, StorageError, StorageNotFoundError } from '../../src/errors.js';
import { openStorage } from '../../src/storage/index.js';
import type { StorageAdapter } from '../../src/storage/types.js';
import { gcsTestServer } from '../helpers/storage-servers.js';
import { FaultProxy } from '../setup/fault-proxy.js';
import { isMediaGet, ReadCuttingProxy } from './read-cutting-proxy.js';

const server = await gcsTestServer();
const MiB = 1024 * 1024;
const UNAVAILABLE = JSON.stringify({
  error: { code: 503, message: 'Backend Error', errors: [{ reason: 'backendError' }] },
});
const mediaGets = (proxy: FaultProxy) =>
  proxy.seen.filter((r) => r.startsWith('GET ') && /alt=media/.test(r));

describe('gcs reads retried by the adapter (503s through a fault proxy)', () => {
  let proxy: FaultProxy;
  let bucket: string;
  let store: StorageAdapter;
  const bytes = randomBytes(300_000);
  const open = (maxAttempts: number) =>
    openStorage(`gs://${bucket}/r`, {
      gcs: { apiEndpoint: proxy.endpoint, projectId: server.projectId, maxAttempts },
    });
  beforeAll(async () => {
    proxy = await FaultProxy.start(server.endpoint);
    bucket = await server.createBucket('read-retry');
    store = await open(3);
    await store.write('obj.bin', bytes);
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('returns the whole, exact object after transient 503s, one request per attempt', async () => {
    proxy.heal();
    proxy.seen.length = 0;
    proxy.failNext(2, 503, UNAVAILABLE, 'application/json', isMediaGet);
    const read = await store.read('obj.bin');
    expect(Buffer.from(read).equals(bytes)).toBe(true);
    // Two answered 503, the third got the object: no retries of the SDK's own on top of ours.
    expect(mediaGets(proxy)).toHaveLength(3);
    const parts: Uint8Array[] = [];
    proxy.failNext(1, 503, UNAVAILABLE, 'application/json', isMediaGet);
    for await (const part of store.readStream('obj.bin')) parts.push(part);
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
  });

  it('fails with a StorageError naming the object after maxAttempts attempts of 503', async () => {
    proxy.heal();
    proxy.seen.length = 0;
    proxy.failNext(100, 503, UNAVAILABLE, 'application/json', isMediaGet);
    const e = await store.read('obj.bin').catch((error: unknown) => error);
    proxy.heal();
    expect(e).toBeInstanceOf(StorageError);
    expect(e).not.toBeInstanceOf(StorageNotFoundError);
    expect(e).toMatchObject({ operation: 'read', uri: `gs://${bucket}/r/obj.bin` });
    expect((e as Error).message).toBe(
      `Storage read failed for gs://${bucket}/r/obj.bin: HTTP 503: Backend Error (gave up after 3 attempts)`,
    );
    expect(mediaGets(proxy)).toHaveLength(3);
  });

  it('stops at once, with no further request, when aborted while waiting to retry', async () => {
    proxy.heal();
    proxy.seen.length = 0;
    const patient = await open(10);
    proxy.failNext(100, 503, UNAVAILABLE, 'application/json', isMediaGet);
    const controller = new AbortController();
    const read = patient.read('obj.bin', { signal: controller.signal }).catch((error: unknown) => error);
    // After the first 503 the read waits 375 to 500 ms before its second attempt.
    while (mediaGets(proxy).length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    controller.abort();
    const e = await read;
    const took = performance.now() - abortedAt;
    expect(e).toBeInstanceOf(AbortError);
    expect((e as Error).message).toBe(`Storage read of gs://${bucket}/r/obj.bin was aborted`);
    expect(took).toBeLessThan(250);
    // Nothing is left to retry later (the SDK's own retry would come 2 to 3 s after the first 503).
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(mediaGets(proxy)).toHaveLength(1);
    proxy.heal();
  });

  it('honours a client passed in with retries off: one attempt', async () => {
    proxy.heal();
    proxy.seen.length = 0;
    const client = new Storage({
      apiEndpoint: proxy.endpoint,
      projectId: server.projectId,
      retryOptions: { autoRetry: false },
    });
    const own = await openStorage(`gs://${bucket}/r`, { gcs: { client } });
    proxy.failNext(100, 503, UNAVAILABLE, 'application/json', isMediaGet);
    const e = await own.read('obj.bin').catch((error: unknown) => error);
    proxy.heal();
    expect((e as Error).message).toMatch(/HTTP 503: Backend Error \(gave up after 1 attempt\)$/);
    expect(mediaGets(proxy)).toHaveLength(1);
  });
});

describe('gcs reads whose download is cut mid-body', () => {
  let proxy: ReadCuttingProxy;
  let bucket: string;
  let store: StorageAdapter;
  let direct: StorageAdapter;
  const bytes = randomBytes(3 * MiB + 11);
  beforeAll(async () => {
    proxy = await ReadCuttingProxy.start(server.endpoint);
    bucket = await server.createBucket('read-cut');
    store = await openStorage(`gs://${bucket}/c`, {
      // The SDK's HTTP client never ends a body whose connection dropped: the idle timeout notices.
      gcs: {
        apiEndpoint: proxy.endpoint,
        projectId: server.projectId,
        maxAttempts: 2,
        readIdleTimeout: 300,
      },
    });
    direct = await openStorage(`gs://${bucket}/c`, { gcs: server.gcsOptions });
    await direct.write('big.bin', bytes);
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('resumes with a Range from the first byte not received, and the bytes are exact', async () => {
    proxy.cutDownloads(MiB + 5, 2);
    const read = await store.read('big.bin');
    expect(read.byteLength).toBe(bytes.length);
    expect(Buffer.from(read).equals(bytes)).toBe(true);
    // Each cut attempt got bytes, so each starts the count again: 3 attempts with maxAttempts 2.
    expect(proxy.ranges).toEqual([undefined, `bytes=${MiB + 5}-`, `bytes=${2 * (MiB + 5)}-`]);
  });

  it('drops the bytes already received when the server ignores the range', async () => {
    proxy.cutDownloads(MiB + 5, 1, { ignoreRange: true });
    const read = await store.read('big.bin');
    expect(Buffer.from(read).equals(bytes)).toBe(true);
    expect(proxy.ranges).toEqual([undefined, `bytes=${MiB + 5}-`]);
  });

  it("fails with a StorageError when the bytes do not match the object's CRC32C", async () => {
    proxy.cutDownloads(MiB, 1);
    proxy.corruptNext = true;
    const e = await store.read('big.bin').catch((error: unknown) => error);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as Error).message).toMatch(
      new RegExp(
        `^Storage read failed for gs://${bucket}/c/big\\.bin: the bytes received do not match the object's CRC32C \\(expected \\S+, got \\S+\\)$`,
      ),
    );
  });

  it('fails, and returns no mix of two versions, when the object is replaced between attempts', async () => {
    await direct.write('changing.bin', bytes);
    proxy.cutDownloads(MiB, 1);
    proxy.beforeMediaGet = async (index) => {
      if (index === 1) await direct.write('changing.bin', randomBytes(bytes.length));
    };
    const e = await store.read('changing.bin').catch((error: unknown) => error);
    proxy.beforeMediaGet = undefined;
    expect(e).toBeInstanceOf(StorageError);
    expect((e as Error).message).toMatch(
      new RegExp(
        `^Storage read failed for gs://${bucket}/c/changing\\.bin: the object changed while it was being read \\(generation \\d+, then \\d+\\)$`,
      ),
    );
  });
});

/**
 * A minimal GCS media endpoint on 127.0.0.1 for one gzip-stored object (`content-encoding: gzip` as GCS
 * answers a client that accepts gzip), honouring `Range` on the stored bytes; the first download is cut
 * after `cutAfter` bytes (`Infinity`: never), or with `stall` left open without sending more. The GCS server of the test setup stores no content encoding.
 */
async function gzipObjectServer(stored: Buffer, cutAfter: number, options: { stall?: boolean } = {}) {
  const crc = new CRC32C();
  crc.update(stored);
  const ranges: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    if (!/[?&]alt=media/.test(req.url ?? '')) return res.writeHead(404).end();
    ranges.push(req.headers.range);
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const body = stored.subarray(start);
    res.writeHead(start > 0 ? 206 : 200, {
      'content-type': 'text/plain',
      'content-encoding': 'gzip',
      'content-length': body.length,
      'x-goog-generation': '7',
      'x-goog-stored-content-encoding': 'gzip',
      'x-goog-stored-content-length': stored.length,
      'x-goog-hash': `crc32c=${crc.toString()}`,
      ...(start > 0 ? { 'content-range': `bytes ${start}-${stored.length - 1}/${stored.length}` } : {}),
    });
    if (ranges.length > 1 || body.length <= cutAfter) return res.end(body);
    res.write(body.subarray(0, cutAfter), () => {
      if (!options.stall) res.socket?.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    ranges,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('gcs reads of a gzip-stored object', () => {
  it('resumes on the stored bytes, checks their CRC32C and returns the decompressed content', async () => {
    const text = Buffer.from(randomBytes(300_000).toString('hex'));
    const stored = gzipSync(text);
    const origin = await gzipObjectServer(stored, 100_000);
    try {
      const store = await openStorage('gs://zipped/p', {
        gcs: { apiEndpoint: origin.endpoint, projectId: 'p', readIdleTimeout: 300 },
      });
      const read = await store.read('t.csv');
      expect(Buffer.from(read).equals(text)).toBe(true);
      expect(origin.ranges).toEqual([undefined, 'bytes=100000-']);
    } finally {
      await origin.stop();
    }
  });

  it('stops the download when the consumer stops early, without waiting', async () => {
    const text = Buffer.from(randomBytes(2_000_000).toString('hex'));
    // The server sends part of the body, then nothing: an attempt still waiting must end with the consumer.
    const origin = await gzipObjectServer(gzipSync(text), 20_000, { stall: true });
    try {
      const store = await openStorage('gs://zipped/p', {
        gcs: { apiEndpoint: origin.endpoint, projectId: 'p', readIdleTimeout: 10_000 },
      });
      const started = performance.now();
      let first: Uint8Array | undefined;
      for await (const part of store.readStream('t.csv')) {
        first = part;
        break;
      }
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(Buffer.from(first ?? []).equals(text.subarray(0, first?.byteLength ?? 0))).toBe(true);
    } finally {
      await origin.stop();
    }
  });
});
