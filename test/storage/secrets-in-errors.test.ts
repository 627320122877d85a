import { randomBytes } from 'node:crypto';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { Storage } from '@google-cloud/storage';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageAccessDeniedError, StorageError, StorageNotFoundError } from '../../src/errors.js';
import { openStorage } from '../../src/storage/index.js';
import type { S3Credentials } from '../../src/storage/options.js';
import type { StorageAdapter } from '../../src/storage/types.js';
import { expectNoSecret, exposures } from '../helpers/secret-exposures.js';
import { gcsTestServer, s3TestServer } from '../helpers/storage-servers.js';
import { FaultProxy } from '../setup/fault-proxy.js';

// The SDK promises that no token or key can be read from an error a storage adapter throws: not in its
// message or stack, `util.inspect` at any depth, nor the JSON of anything along its cause chain (what a
// logger serializing `err.cause` writes). The cloud SDKs' own errors hold their request, headers included:
// each case drives a real request to the real test servers into a failure with distinctive credentials.
const MiB = 1024 * 1024;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the call was to fail'),
    (error: unknown) => error,
  );

/** A signed request's `Authorization` (replayable for minutes) or session token, in any rendering. */
function expectNoSignedHeaders(error: unknown) {
  for (const { where, text } of exposures(error)) {
    expect(text, where).not.toMatch(/Signature=[0-9a-f]{64}/);
    expect(text, where).not.toMatch(/x-amz-security-token/i);
  }
}

const gcs = await gcsTestServer();

describe('gcs errors show no access token', () => {
  // What application default credentials or a service-account key end up as: a bearer token on every request.
  const TOKEN = 'ya29.S3CRET-gcs-access-token-5e6f7a8b9c';
  let proxy: FaultProxy;
  let bucket: string;
  let store: StorageAdapter;
  let missingBucket: StorageAdapter;

  beforeAll(async () => {
    proxy = await FaultProxy.start(gcs.endpoint);
    bucket = await gcs.createBucket('secrets');
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3_600_000 });
    const client = new Storage({
      apiEndpoint: proxy.endpoint,
      projectId: gcs.projectId,
      // Emulators get no credentials by default; a real endpoint always does.
      useAuthWithCustomEndpoint: true,
      authClient: auth,
      retryOptions: { autoRetry: false },
    });
    const options = { gcs: { client, resumableThreshold: 2 * MiB, chunkSize: MiB } };
    store = await openStorage(`gs://${bucket}/p`, options);
    missingBucket = await openStorage('gs://qb-no-such-bucket-secrets/p', options);
    await store.write('there.txt', Buffer.from('hello'));
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  const denied = JSON.stringify({
    error: {
      code: 403,
      message: 'caller may not do that',
      errors: [{ reason: 'forbidden', domain: 'global' }],
    },
  });

  it('stat of a missing object is no error; a refused stat is, without the token', async () => {
    expect(await store.stat('missing.txt')).toBeUndefined();
    proxy.failNext(1, 403, denied, 'application/json');
    const error = await failure(store.stat('there.txt'));
    proxy.heal();
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expect((error as Error).message).toMatch(/HTTP 403: [\s\S]*caller may not do that/);
    // What helps debugging stays: the status, GCS's message and reason.
    expect((error as Error).cause).toMatchObject({
      name: 'ApiError',
      code: 403,
      message: expect.stringContaining('caller may not do that'),
      errors: [{ reason: 'forbidden' }],
    });
    expectNoSecret(error, { 'access token': TOKEN });
  });

  it('list of a missing bucket', async () => {
    const error = await failure(
      (async () => {
        for await (const _ of missingBucket.list('')) void _;
      })(),
    );
    expect(error).toBeInstanceOf(StorageNotFoundError);
    expect((error as Error).message).toMatch(/the bucket "qb-no-such-bucket-secrets" does not exist/);
    expect((error as Error).cause).toMatchObject({ code: 404 });
    expectNoSecret(error, { 'access token': TOKEN });
  });

  it('delete refused', async () => {
    proxy.failNext(1, 403, denied, 'application/json');
    const error = await failure(store.delete('there.txt'));
    proxy.heal();
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expectNoSecret(error, { 'access token': TOKEN });
  });

  it('small upload into a missing bucket, and refused with 500', async () => {
    const missing = await failure(missingBucket.write('a.txt', Buffer.from('x')));
    expect(missing).toBeInstanceOf(StorageNotFoundError);
    expectNoSecret(missing, { 'access token': TOKEN });
    proxy.failNext(1, 500, '{"error":{"code":500,"message":"backend error"}}', 'application/json');
    const broken = await failure(store.write('b.txt', Buffer.from('x')));
    proxy.heal();
    expect(broken).toBeInstanceOf(StorageError);
    expect((broken as Error).message).toMatch(/HTTP 500: backend error/);
    expectNoSecret(broken, { 'access token': TOKEN });
  });

  it('resumable upload refused when its session is created', async () => {
    proxy.failNext(1, 403, denied, 'application/json', (r) => r.method === 'POST');
    const error = await failure(store.write('big.bin', randomBytes(3 * MiB)));
    proxy.heal();
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expectNoSecret(error, { 'access token': TOKEN });
  });

  it('read of a missing object, and a refused read', async () => {
    const missing = await failure(store.read('missing.txt'));
    expect(missing).toBeInstanceOf(StorageNotFoundError);
    expectNoSecret(missing, { 'access token': TOKEN });
    proxy.failNext(1, 403, denied, 'application/json');
    const refused = await failure(store.read('there.txt'));
    proxy.heal();
    expect(refused).toBeInstanceOf(StorageAccessDeniedError);
    expectNoSecret(refused, { 'access token': TOKEN });
  });
});

const s3 = await s3TestServer();

describe.skipIf(!s3.available)(`s3 errors show no key or session token ${s3.skipReason ?? ''}`, () => {
  const SECRET = 'S3CRET-secret-access-key-0a1b2c3d4e5f';
  const SESSION = 'S3CRET-session-token-FwoGZXIvYXdzEJr9f8e7d';
  let bucket: string;
  let proxy: FaultProxy;

  beforeAll(async () => {
    bucket = await s3.createBucket('secrets');
    proxy = await FaultProxy.start(s3.endpoint);
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('get of a missing key, with temporary credentials from STS', async () => {
    let issued: S3Credentials | undefined;
    const assume = fromTemporaryCredentials({
      masterCredentials: s3.s3Options.credentials,
      params: { RoleArn: s3.roleArn, RoleSessionName: 'secrets-test' },
      clientConfig: { region: s3.region, endpoint: s3.endpoint },
    });
    const store = await openStorage(`s3://${bucket}/p`, {
      s3: {
        ...s3.s3Options,
        credentials: async () => {
          issued = await assume();
          return issued;
        },
      },
    });
    const error = await failure(store.read('missing.bin'));
    await store.close?.();
    expect(error).toBeInstanceOf(StorageNotFoundError);
    expect(issued?.sessionToken).toBeTruthy();
    // What helps debugging stays: the error code, the status and the request id.
    expect((error as Error).cause).toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404, requestId: expect.any(String) },
    });
    expectNoSecret(error, {
      'secret access key': issued?.secretAccessKey as string,
      'session token': issued?.sessionToken as string,
    });
    expectNoSignedHeaders(error);
  });

  it('get and put refused for a session token the server does not know', async () => {
    const store = await openStorage(`s3://${bucket}/p`, {
      s3: { ...s3.s3Options, credentials: { ...s3.s3Options.credentials, sessionToken: SESSION } },
    });
    const read = await failure(store.read('missing.bin'));
    const write = await failure(store.write('a.bin', Buffer.from('x')));
    await store.close?.();
    for (const error of [read, write]) {
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toMatch(/HTTP 400/);
      expectNoSecret(error, { 'session token': SESSION });
      expectNoSignedHeaders(error);
    }
  });

  it('put refused for a wrong secret key', async () => {
    const store = await openStorage(`s3://${bucket}/p`, {
      s3: { ...s3.s3Options, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: SECRET } },
    });
    const error = await failure(store.write('a.bin', Buffer.from('x')));
    await store.close?.();
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expectNoSecret(error, { 'secret access key': SECRET });
    expectNoSignedHeaders(error);
  });

  it('put refused by a server that echoes the signed request, as AWS does for SignatureDoesNotMatch', async () => {
    // AWS's answer lists the canonical request it computed: the signed headers' values, session token included.
    const canonical = `PUT\n/${bucket}/p/a.bin\nx-id=PutObject\nhost:127.0.0.1\nx-amz-security-token:${SESSION}\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD`;
    const answer = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>${s3.accessKeyId}</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n20260101T000000Z</StringToSign><SignatureProvided>00ff</SignatureProvided><CanonicalRequest>${canonical}</CanonicalRequest><RequestId>req-echo-1</RequestId><HostId>host-1</HostId></Error>`;
    const store = await openStorage(`s3://${bucket}/p`, {
      s3: {
        ...s3.s3Options,
        endpoint: proxy.endpoint,
        maxAttempts: 1,
        credentials: { ...s3.s3Options.credentials, sessionToken: SESSION },
      },
    });
    proxy.failNext(1, 403, answer, 'application/xml');
    const error = await failure(store.write('a.bin', Buffer.from('x')));
    proxy.heal();
    await store.close?.();
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expect((error as Error).message).toMatch(/SignatureDoesNotMatch/);
    expect((error as Error).cause).toMatchObject({
      name: 'SignatureDoesNotMatch',
      message: expect.stringMatching(/^The request signature we calculated/),
      $metadata: { httpStatusCode: 403 },
    });
    expectNoSecret(error, { 'session token': SESSION });
    expectNoSignedHeaders(error);
  });

  it('role assumption refused, with master credentials holding a session token', async () => {
    const store = await openStorage(`s3://${bucket}/p`, {
      s3: {
        ...s3.s3Options,
        credentials: { ...s3.s3Options.credentials, sessionToken: SESSION },
        iamRoleArn: s3.roleArn,
        stsEndpoint: s3.endpoint,
      },
    });
    const error = await failure(store.read('missing.bin'));
    await store.close?.();
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expectNoSecret(error, { 'session token': SESSION });
    expectNoSignedHeaders(error);
  });
});

describe('a secret resolver that fails shows none of its own credentials', () => {
  // What a vault or secrets-manager client throws: its request, with the token it authenticated with.
  const VAULT_TOKEN = 'hvs.S3CRET-vault-token-0a1b2c3d4e';
  const resolverError = () =>
    Object.assign(new Error('vault: connection refused'), {
      code: 'ECONNREFUSED',
      config: { url: 'https://vault.internal/v1/secret', headers: { 'X-Vault-Token': VAULT_TOKEN } },
    });

  it('s3: access denied naming the secret, the resolver message kept, its token not', async () => {
    const error = await failure(
      openStorage('s3://bkt/p', {
        secretResolver: async () => {
          throw resolverError();
        },
        s3: {
          endpoint: 'http://127.0.0.1:9',
          region: 'us-east-1',
          accessTokenName: 'tok',
          accessSecretName: 'sec',
        },
      }),
    );
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expect((error as Error).message).toMatch(/the secret resolver failed on "tok" \(accessTokenName\)/);
    expect((error as Error & { cause: Error }).cause.message).toBe('vault: connection refused');
    expectNoSecret(error, { 'vault token': VAULT_TOKEN });
  });

  it('gcs: access denied naming the secret, the resolver message kept, its token not', async () => {
    const error = await failure(
      openStorage('gs://bkt/p', {
        secretResolver: async () => {
          throw resolverError();
        },
        gcs: { apiEndpoint: gcs.endpoint, serviceAccountKeySecretName: 'gcp-key' },
      }),
    );
    expect(error).toBeInstanceOf(StorageAccessDeniedError);
    expect((error as Error).message).toMatch(/the secret resolver failed on "gcp-key"/);
    expect((error as Error & { cause: Error }).cause.message).toBe('vault: connection refused');
    expectNoSecret(error, { 'vault token': VAULT_TOKEN });
  });
});
