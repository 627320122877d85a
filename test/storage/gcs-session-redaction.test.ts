import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StorageAccessDeniedError, StorageError } from '../../src/errors.js';
import type { StorageAdapter } from '../../src/storage/types.js';
import type { FaultProxy } from '../setup/fault-proxy.js';
import { reachableText } from './reachable-text.js';
import { useResumableGcs } from './resumable-gcs.js';

// A resumable session URI is a capability: whoever holds it can upload into the object. A failed write's error
// must not carry its upload_id anywhere: message, cause chain, properties, inspect output or JSON.
const MiB = 1024 * 1024;
const BUCKET = 'redact-bkt';

describe('gcs write errors keep the resumable session id out of reach', () => {
  let proxy: FaultProxy;
  let store: StorageAdapter;

  /** The upload ids that went through the proxy since `from` (an index into `proxy.seen`). */
  const uploadIds = (from: number) => [
    ...new Set(
      proxy.seen.slice(from).flatMap((r) => [...r.matchAll(/upload_id=([^&\s]+)/g)].map((m) => m[1])),
    ),
  ];

  const gcs = useResumableGcs(BUCKET, 'r');
  beforeAll(() => {
    ({ proxy, store } = gcs);
  });
  afterEach(() => proxy.heal());

  /** Asserts that none of `ids` (at least one) can be read from `error`. */
  function expectNoSessionId(error: unknown, ids: (string | undefined)[]) {
    expect(ids.length).toBeGreaterThan(0);
    const text = reachableText(error);
    expect(text.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(id).toMatch(/^\S{8,}$/);
      expect(text.includes(id as string), `upload id ${id} is reachable from the error`).toBe(false);
    }
  }

  it('when every upload connection is cut', async () => {
    const from = proxy.seen.length;
    proxy.cutUploads(200_000, 1000, (r) => r.method === 'PUT');
    const e = await store.write('cut.bin', randomBytes(3 * MiB)).catch((error: unknown) => error);
    proxy.heal();
    expect(e).toBeInstanceOf(StorageError);
    expect((e as StorageError).operation).toBe('write');
    expect(proxy.injected.cuts).toBeGreaterThan(0);
    // Still says what went wrong, in the message and in the cause.
    expect((e as Error).message).toMatch(/ECONNRESET|socket hang up|Retry limit exceeded/);
    const cause = (e as Error).cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toMatch(/ECONNRESET|socket hang up|Retry limit exceeded/);
    expect(cause.message).toMatch(/upload_id=<redacted>/);
    expectNoSessionId(e, uploadIds(from));
  });

  it('when an upload request is refused with a status', async () => {
    const from = proxy.seen.length;
    const refused = JSON.stringify({ error: { code: 400, message: 'chunk out of order', errors: [] } });
    proxy.failNext(5, 400, refused, 'application/json', (r) => r.method === 'PUT');
    const e = await store.write('refused.bin', randomBytes(3 * MiB)).catch((error: unknown) => error);
    proxy.heal();
    expect(e).toBeInstanceOf(StorageError);
    expect(proxy.injected.statuses).toBeGreaterThan(0);
    expect((e as Error).message).toMatch(/HTTP 400: .*chunk out of order/);
    // The cause keeps the status and the gist of the SDK's message.
    expect((e as Error).cause).toMatchObject({ code: 400, message: 'chunk out of order' });
    expectNoSessionId(e, uploadIds(from));
  });

  it('when every upload request is answered 503 until the retries run out', async () => {
    const from = proxy.seen.length;
    proxy.failNext(1000, 503, 'try again later', 'text/plain', (r) => r.method === 'PUT');
    const e = await store.write('busy.bin', randomBytes(3 * MiB)).catch((error: unknown) => error);
    proxy.heal();
    expect(e).toBeInstanceOf(StorageError);
    expect(proxy.injected.statuses).toBeGreaterThan(1);
    expect((e as Error).message).toMatch(/503/);
    expectNoSessionId(e, uploadIds(from));
  });

  it('when an upload request is denied', async () => {
    const from = proxy.seen.length;
    const denied = JSON.stringify({ error: { code: 403, message: 'no more uploads', errors: [] } });
    proxy.failNext(5, 403, denied, 'application/json', (r) => r.method === 'PUT');
    const e = await store.write('denied.bin', randomBytes(3 * MiB)).catch((error: unknown) => error);
    proxy.heal();
    expect(e).toBeInstanceOf(StorageAccessDeniedError);
    expect((e as Error).message).toMatch(/HTTP 403: no more uploads/);
    expect((e as Error).cause).toMatchObject({ code: 403 });
    expectNoSessionId(e, uploadIds(from));
  });
});
