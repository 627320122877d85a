import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QwakBatchError,
  StorageAccessDeniedError,
  StorageError,
  StorageNotFoundError,
} from '../../src/errors.js';
import { openStorage } from '../../src/storage/index.js';
import type { StorageAdapter } from '../../src/storage/types.js';
import { s3TestServer } from '../helpers/storage-servers.js';
import { FaultProxy } from '../setup/fault-proxy.js';

const server = await s3TestServer();
const MiB = 1024 * 1024;
const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

describe.skipIf(!server.available)(
  `s3 faults through a proxy in front of radosgw ${server.skipReason ?? ''}`,
  () => {
    let proxy: FaultProxy;
    let bucket: string;
    let store: StorageAdapter;
    beforeAll(async () => {
      proxy = await FaultProxy.start(server.endpoint);
      bucket = await server.createBucket('fault');
      store = await openStorage(`s3://${bucket}/f`, {
        s3: {
          ...server.s3Options,
          endpoint: proxy.endpoint,
          multipartThreshold: 5 * MiB,
          partSize: 5 * MiB,
          maxAttempts: 3,
        },
      });
    });
    afterAll(async () => {
      await store?.close?.();
      await proxy?.stop();
    });

    it('recovers by retrying when the first requests answer 503', async () => {
      proxy.heal();
      const bytes = randomBytes(100_000);
      proxy.failNext(2, 503, SLOW_DOWN, 'application/xml');
      await store.write('retry.bin', bytes);
      expect(proxy.injected.statuses).toBe(2);
      proxy.failNext(2, 503, SLOW_DOWN, 'application/xml');
      expect(Buffer.from(await store.read('retry.bin')).equals(bytes)).toBe(true);
      proxy.failNext(2, 503, SLOW_DOWN, 'application/xml');
      const listed: string[] = [];
      for await (const o of store.list('')) listed.push(o.key);
      expect(listed).toEqual(['retry.bin']);
      expect(proxy.injected.statuses).toBe(6);
    });

    it('gives a typed StorageError, not an SDK error, when 503 does not stop', async () => {
      proxy.heal();
      proxy.failNext(100, 503, SLOW_DOWN, 'application/xml');
      const e = await store.read('retry.bin').catch((error: unknown) => error);
      proxy.heal();
      expect(e).toBeInstanceOf(StorageError);
      expect(e).toMatchObject({ operation: 'read', uri: `s3://${bucket}/f/retry.bin` });
      expect((e as Error).message).toMatch(/HTTP 503/);
    });

    it('retries an upload whose connection is cut once, and the object is whole', async () => {
      proxy.heal();
      const bytes = randomBytes(2 * MiB);
      proxy.cutUploads(300_000, 1);
      await store.write('cut-once.bin', bytes);
      expect(proxy.injected.cuts).toBeGreaterThanOrEqual(1);
      proxy.heal();
      expect(Buffer.from(await store.read('cut-once.bin')).equals(bytes)).toBe(true);
    });

    it('leaves no object and no multipart upload when every upload connection is cut', async () => {
      proxy.heal();
      await store.write('cut.bin', new TextEncoder().encode('old'));
      proxy.cutUploads(1 * MiB, 1000);
      const single = await store.write('cut.bin', randomBytes(2 * MiB)).catch((error: unknown) => error);
      const multi = await store
        .write('cut-multi.bin', randomBytes(12 * MiB))
        .catch((error: unknown) => error);
      proxy.heal();
      for (const e of [single, multi]) {
        expect(QwakBatchError.isInstance(e)).toBe(true);
        expect(e).toBeInstanceOf(StorageError);
        expect((e as StorageError).operation).toBe('write');
      }
      expect(new TextDecoder().decode(await store.read('cut.bin'))).toBe('old');
      expect(await store.stat('cut-multi.bin')).toBeUndefined();
      const raw = new S3Client(server.s3Options);
      try {
        const uploads = await raw.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
        expect(uploads.Uploads ?? []).toEqual([]);
      } finally {
        raw.destroy();
      }
    });
  },
);

describe.skipIf(!server.available)(`s3 credentials and access ${server.skipReason ?? ''}`, () => {
  it('resolves accessTokenName / accessSecretName through the environment by default', async () => {
    const bucket = await server.createBucket('cred');
    process.env.QB_TEST_ACCESS_TOKEN = server.accessKeyId;
    process.env.QB_TEST_ACCESS_SECRET = server.secretAccessKey;
    try {
      const store = await openStorage(`s3://${bucket}/x`, {
        s3: {
          endpoint: server.endpoint,
          region: server.region,
          accessTokenName: 'QB_TEST_ACCESS_TOKEN',
          accessSecretName: 'QB_TEST_ACCESS_SECRET',
        },
      });
      await store.write('a.csv', new TextEncoder().encode('a\n'));
      expect((await store.stat('a.csv'))?.size).toBe(2);
    } finally {
      delete process.env.QB_TEST_ACCESS_TOKEN;
      delete process.env.QB_TEST_ACCESS_SECRET;
    }
  });

  it('uses a pluggable SecretResolver, and a wrong secret is access denied without leaking it', async () => {
    const bucket = await server.createBucket('deny');
    const wrong = 'wrong-secret-value-0123456789';
    const asked: string[] = [];
    const store = await openStorage(`s3://${bucket}/x`, {
      secretResolver: async (name) => {
        asked.push(name);
        return name === 'token' ? server.accessKeyId : wrong;
      },
      s3: {
        endpoint: server.endpoint,
        region: server.region,
        accessTokenName: 'token',
        accessSecretName: 'secret',
      },
    });
    expect(asked).toEqual(['token', 'secret']);
    const e = await store.write('a.csv', new Uint8Array(1)).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(StorageAccessDeniedError);
    expect((e as StorageError).operation).toBe('write');
    expect(inspect(e, { depth: 20 })).not.toContain(wrong);
    expect(JSON.stringify(e)).not.toContain(wrong);
    const unknownKey = await openStorage(`s3://${bucket}/x`, {
      s3: { ...server.s3Options, credentials: { accessKeyId: 'NOSUCHKEY', secretAccessKey: 'x' } },
    });
    await expect(unknownKey.read('a.csv')).rejects.toBeInstanceOf(StorageAccessDeniedError);
  });

  it('assumes iamRoleArn through STS, and names the role when that fails', async () => {
    const bucket = await server.createBucket('role');
    const base = { ...server.s3Options, stsEndpoint: server.endpoint };
    const store = await openStorage(`s3://${bucket}/x`, { s3: { ...base, iamRoleArn: server.roleArn } });
    await store.write('r.csv', new TextEncoder().encode('role\n'));
    expect(new TextDecoder().decode(await store.read('r.csv'))).toBe('role\n');
    const wrong = await openStorage(`s3://${bucket}/x`, {
      s3: { ...base, iamRoleArn: 'arn:aws:iam:::role/nope' },
    });
    const e = await wrong.read('r.csv').catch((error: unknown) => error);
    expect(e).toBeInstanceOf(StorageAccessDeniedError);
    expect((e as Error).message).toMatch(/assuming the IAM role "arn:aws:iam:::role\/nope" failed/);
  });

  it('says which secret is missing', async () => {
    const e = await openStorage('s3://some-bucket/x', {
      secretResolver: async () => undefined,
      s3: { endpoint: server.endpoint, accessTokenName: 'MY_TOKEN', accessSecretName: 'MY_SECRET' },
    }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(StorageAccessDeniedError);
    expect((e as Error).message).toMatch(/"MY_TOKEN" \(accessTokenName\) was not found/);
  });

  it('names the missing bucket on write', async () => {
    const store = await openStorage('s3://qb-missing-bucket-w/x', { s3: server.s3Options });
    const e = await store.write('a.csv', new Uint8Array(1)).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(StorageNotFoundError);
    expect((e as Error).message).toMatch(/bucket "qb-missing-bucket-w" does not exist/);
  });
});
