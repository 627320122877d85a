import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QwakBatchError,
  StorageAccessDeniedError,
  StorageError,
  StorageNotFoundError,
} from '../../src/errors.js';
import { openStorage } from '../../src/storage/index.js';
import type { StorageAdapter } from '../../src/storage/types.js';
import { gcsTestServer } from '../helpers/storage-servers.js';
import { FaultProxy } from '../setup/fault-proxy.js';

const server = await gcsTestServer();
const MiB = 1024 * 1024;
const UNAVAILABLE = JSON.stringify({
  error: { code: 503, message: 'Backend Error', errors: [{ reason: 'backendError' }] },
});

describe('gcs faults through a proxy in front of the GCS JSON-API server', () => {
  let proxy: FaultProxy;
  let bucket: string;
  let store: StorageAdapter;
  beforeAll(async () => {
    proxy = await FaultProxy.start(server.endpoint);
    bucket = await server.createBucket('fault');
    store = await openStorage(`gs://${bucket}/f`, {
      gcs: {
        apiEndpoint: proxy.endpoint,
        projectId: server.projectId,
        resumableThreshold: 2 * MiB,
        chunkSize: 1 * MiB,
        maxAttempts: 2,
      },
    });
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('recovers by retrying when the first requests answer 503', async () => {
    proxy.heal();
    const bytes = randomBytes(100_000);
    proxy.failNext(1, 503, UNAVAILABLE, 'application/json');
    await store.write('retry.bin', bytes);
    proxy.failNext(1, 503, UNAVAILABLE, 'application/json');
    expect(Buffer.from(await store.read('retry.bin')).equals(bytes)).toBe(true);
    proxy.failNext(1, 503, UNAVAILABLE, 'application/json');
    const listed: string[] = [];
    for await (const o of store.list('')) listed.push(o.key);
    expect(listed).toEqual(['retry.bin']);
    expect(proxy.injected.statuses).toBe(3);
  });

  it('gives a typed StorageError when 503 does not stop', async () => {
    proxy.heal();
    proxy.failNext(100, 503, UNAVAILABLE, 'application/json');
    const e = await store.stat('retry.bin').catch((error: unknown) => error);
    proxy.heal();
    expect(e).toBeInstanceOf(StorageError);
    expect(e).toMatchObject({ operation: 'stat', uri: `gs://${bucket}/f/retry.bin` });
    expect((e as Error).message).toMatch(/HTTP 503/);
  });

  it('resumes a resumable upload whose connection is cut once, and the object is whole', async () => {
    proxy.heal();
    const bytes = randomBytes(5 * MiB + 7);
    proxy.cutUploads(300_000, 1, (r) => r.method === 'PUT');
    await store.write('cut-once.bin', bytes);
    expect(proxy.injected.cuts).toBe(1);
    proxy.heal();
    expect(Buffer.from(await store.read('cut-once.bin')).equals(bytes)).toBe(true);
  });

  it('leaves no object when every upload connection is cut', async () => {
    proxy.heal();
    await store.write('cut.bin', new TextEncoder().encode('old'));
    proxy.cutUploads(200_000, 1000);
    const resumable = await store.write('cut.bin', randomBytes(5 * MiB)).catch((error: unknown) => error);
    const small = await store.write('cut-small.bin', randomBytes(MiB)).catch((error: unknown) => error);
    proxy.heal();
    for (const e of [resumable, small]) {
      expect(QwakBatchError.isInstance(e)).toBe(true);
      expect((e as StorageError).operation).toBe('write');
    }
    expect(new TextDecoder().decode(await store.read('cut.bin'))).toBe('old');
    expect(await store.stat('cut-small.bin')).toBeUndefined();
  });
});

describe('gcs credentials and access', () => {
  const key = () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      type: 'service_account',
      project_id: 'from-key',
      client_email: 'batch@from-key.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  };

  it('reads a service-account key from the secret named by serviceAccountKeySecretName', async () => {
    const bucket = await server.createBucket('key');
    const asked: string[] = [];
    const store = await openStorage(`gs://${bucket}/x`, {
      secretResolver: async (name) => {
        asked.push(name);
        return JSON.stringify(key());
      },
      gcs: { apiEndpoint: server.endpoint, serviceAccountKeySecretName: 'gcp-key' },
    });
    expect(asked).toEqual(['gcp-key']);
    await store.write('a.csv', new TextEncoder().encode('a\n'));
    expect((await store.stat('a.csv'))?.size).toBe(2);
  });

  it('refuses a secret that is not a key, without quoting it', async () => {
    const value = '{"client_email": "x", "private_key": 42, "hidden": "s3cr3t-material"}';
    for (const secret of [value, 'not json s3cr3t-material']) {
      const e = await openStorage('gs://bkt/x', {
        secretResolver: async () => secret,
        gcs: { apiEndpoint: server.endpoint, serviceAccountKeySecretName: 'gcp-key' },
      }).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(StorageAccessDeniedError);
      expect((e as Error).message).toMatch(
        /"gcp-key" \(serviceAccountKeySecretName\) is not a service-account key/,
      );
      expect(inspect(e, { depth: 20 })).not.toContain('s3cr3t-material');
    }
    const missing = await openStorage('gs://bkt/x', {
      secretResolver: async () => undefined,
      gcs: { apiEndpoint: server.endpoint, serviceAccountKeySecretName: 'gcp-key' },
    }).catch((error: unknown) => error);
    expect((missing as Error).message).toMatch(/was not found/);
  });

  it('tells a missing object from a missing bucket, also in a bucket named "bucket-…"', async () => {
    const bucket = await server.createBucket('bucket');
    const store = await openStorage(`gs://${bucket}/x`, { gcs: server.gcsOptions });
    const e = await store.read('nope.csv').catch((error: unknown) => error);
    expect(e).toBeInstanceOf(StorageNotFoundError);
    expect((e as Error).message).toMatch(/no such object$/);
  });

  it('maps 403 to StorageAccessDeniedError and a missing bucket to StorageNotFoundError', async () => {
    const bucket = await server.createBucket('denied');
    await fetch(`${server.endpoint}/_test/deny/${bucket}`, { method: 'POST' });
    const store = await openStorage(`gs://${bucket}/x`, { gcs: server.gcsOptions });
    for (const op of [
      () => store.read('a.csv'),
      () => store.write('a.csv', new Uint8Array(1)),
      () => store.stat('a.csv'),
    ]) {
      const e = await op().catch((error: unknown) => error);
      expect(e).toBeInstanceOf(StorageAccessDeniedError);
      expect((e as StorageError).uri).toBe(`gs://${bucket}/x/a.csv`);
    }
    const missing = await openStorage('gs://qb-missing-bucket-w/x', { gcs: server.gcsOptions });
    const e = await missing.write('a.csv', new Uint8Array(1)).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(StorageNotFoundError);
    expect((e as Error).message).toMatch(/bucket "qb-missing-bucket-w" does not exist/);
  });
});
