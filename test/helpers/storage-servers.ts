import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/**
 * How tests reach the real storage servers of this run (started once, on first request, by
 * test/setup/global-setup.ts). Use at the top level of a test file:
 *
 * ```ts
 * const s3 = await s3TestServer();
 * describe.skipIf(!s3.available)(`… ${s3.skipReason ?? ''}`, () => { … s3.createBucket() … });
 * ```
 *
 * When a server cannot be had, `available` is false and `skipReason` says how to enable it; with `CI=true`
 * the call throws instead, so that CI fails rather than skipping.
 */
export interface S3TestServer {
  readonly available: boolean;
  readonly skipReason?: string;
  /** e.g. `http://127.0.0.1:41234` (path-style addressing). */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** A role the test user may assume through STS at `endpoint` (full S3 access), for `iamRoleArn`. */
  readonly roleArn: string;
  /** Options for `openStorage(uri, { s3 })` that reach this server. */
  readonly s3Options: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** Creates a new empty bucket and returns its name. */
  createBucket(prefix?: string): Promise<string>;
}

export interface GcsTestServer {
  readonly available: boolean;
  readonly skipReason?: string;
  /** e.g. `http://127.0.0.1:41235`; pass as `apiEndpoint`. */
  readonly endpoint: string;
  readonly projectId: string;
  /** Options for `openStorage(uri, { gcs })` that reach this server. */
  readonly gcsOptions: { apiEndpoint: string; projectId: string };
  /** Creates a new empty bucket and returns its name. */
  createBucket(prefix?: string): Promise<string>;
}

const inCi = () => process.env.CI === 'true' || process.env.CI === '1';

async function ask(path: string): Promise<Record<string, string>> {
  const response = await fetch(`${inject('storageControlUrl')}${path}`);
  const body = (await response.json()) as Record<string, string>;
  if (!response.ok) throw new Error(body.error ?? `storage control answered HTTP ${response.status}`);
  return body;
}

export const bucketName = (prefix = 'qb') =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

let s3Promise: Promise<S3TestServer> | undefined;
let gcsPromise: Promise<GcsTestServer> | undefined;

/** The shared radosgw of this run (see {@link S3TestServer}). */
export function s3TestServer(): Promise<S3TestServer> {
  s3Promise ??= (async () => {
    const body = await ask('/s3');
    if (body.skip) {
      if (inCi()) throw new Error(`CI=true and the S3 server is unavailable: ${body.skip}`);
      console.warn(`S3 tests skipped: ${body.skip}`);
      return { available: false, skipReason: body.skip } as S3TestServer;
    }
    const { endpoint, region, accessKeyId, secretAccessKey, roleArn } = body as Record<string, string>;
    const s3Options = {
      endpoint: endpoint!,
      region: region!,
      forcePathStyle: true as const,
      credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! },
    };
    return {
      available: true,
      endpoint: endpoint!,
      region: region!,
      accessKeyId: accessKeyId!,
      secretAccessKey: secretAccessKey!,
      roleArn: roleArn!,
      s3Options,
      async createBucket(prefix?: string) {
        const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
        const client = new S3Client(s3Options);
        const name = bucketName(prefix);
        try {
          await client.send(new CreateBucketCommand({ Bucket: name }));
        } finally {
          client.destroy();
        }
        return name;
      },
    };
  })();
  return s3Promise;
}

/** The shared GCS JSON-API server of this run (see {@link GcsTestServer}). It is plain Node: always available. */
export function gcsTestServer(): Promise<GcsTestServer> {
  gcsPromise ??= (async () => {
    const { endpoint, projectId } = (await ask('/gcs')) as { endpoint: string; projectId: string };
    return {
      available: true,
      endpoint,
      projectId,
      gcsOptions: { apiEndpoint: endpoint, projectId },
      async createBucket(prefix?: string) {
        const name = bucketName(prefix);
        const response = await fetch(`${endpoint}/storage/v1/b?project=${encodeURIComponent(projectId)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name }),
        });
        if (!response.ok)
          throw new Error(`creating bucket ${name} failed: HTTP ${response.status} ${await response.text()}`);
        return name;
      },
    };
  })();
  return gcsPromise;
}
