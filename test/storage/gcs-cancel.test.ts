import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, QwakBatchError, StorageAccessDeniedError, StorageError } from '../../src/errors.js';
import { SESSION_CANCEL_TIMEOUT_MS } from '../../src/storage/gcs/cancel-session.js';
import type { StorageAdapter } from '../../src/storage/types.js';
import type { FaultProxy } from '../setup/fault-proxy.js';
import type { GcsJsonServer } from '../setup/gcs-server/server.js';
import { useResumableGcs } from './resumable-gcs.js';

// A failed resumable write must cancel its upload session: GCS would otherwise keep it, and the bytes
// already sent, for a week. This file runs its own GCS JSON-API server, in-process, to see the open sessions.
const MiB = 1024 * 1024;
const BUCKET = 'cancel-bkt';

/** `chunks` chunks of 1 MiB; `onChunk` runs before each one is handed out (it may throw or abort). */
async function* source(chunks: number, onChunk: (index: number) => void = () => undefined) {
  for (let index = 0; index < chunks; index++) {
    onChunk(index);
    yield randomBytes(MiB);
  }
}

describe('gcs resumable writes cancel their upload session when they fail', () => {
  let server: GcsJsonServer;
  let proxy: FaultProxy;
  let store: StorageAdapter;
  /** The open sessions of `gs://BUCKET/c/<key>`. */
  const open = (key: string) => server.uploads.openSessions(BUCKET).filter((name) => name === `c/${key}`);
  const deletes = () => proxy.seen.filter((r) => r.startsWith('DELETE /upload/') && r.includes('upload_id='));

  const gcs = useResumableGcs(BUCKET, 'c');
  beforeAll(() => {
    ({ server, proxy, store } = gcs);
  });
  afterEach(() => {
    proxy.heal();
    server.uploads.hold = undefined;
  });

  it('leaves no session after a successful write, and sends no cancel', async () => {
    const before = deletes().length;
    const bytes = randomBytes(5 * MiB + 3);
    await expect(store.write('ok.bin', bytes)).resolves.toEqual({ size: bytes.length });
    expect(open('ok.bin')).toEqual([]);
    expect(deletes().length).toBe(before);
    expect(Buffer.from(await store.read('ok.bin')).equals(bytes)).toBe(true);
  });

  it('cancels the session when the write is aborted mid-upload', async () => {
    const controller = new AbortController();
    // Abort once the session exists on the server and has taken bytes, while more are still to come.
    const write = store.write(
      'aborted.bin',
      source(12, (index) => {
        if (index >= 4 && open('aborted.bin').length > 0) controller.abort();
      }),
      { signal: controller.signal },
    );
    const e = await write.catch((error: unknown) => error);
    expect(controller.signal.aborted).toBe(true);
    expect(e).toBeInstanceOf(AbortError);
    expect(open('aborted.bin')).toEqual([]);
    expect(await store.stat('aborted.bin')).toBeUndefined();
  });

  it('cancels the session when the source throws mid-upload, and throws the source error', async () => {
    const broken = new Error('source broke at chunk 4');
    const e = await store
      .write(
        'broken.bin',
        source(12, (index) => {
          if (index === 4) throw broken;
        }),
      )
      .catch((error: unknown) => error);
    expect(e).toBeInstanceOf(StorageError);
    expect(e).toMatchObject({ operation: 'write', uri: `gs://${BUCKET}/c/broken.bin` });
    expect((e as Error).cause).toBe(broken);
    expect(open('broken.bin')).toEqual([]);
    expect(await store.stat('broken.bin')).toBeUndefined();
  });

  it('cancels the session when every upload connection is cut', async () => {
    const before = deletes().length;
    proxy.cutUploads(200_000, 1000, (r) => r.method === 'PUT');
    const e = await store.write('cut.bin', randomBytes(5 * MiB)).catch((error: unknown) => error);
    proxy.heal();
    expect(QwakBatchError.isInstance(e)).toBe(true);
    expect((e as StorageError).operation).toBe('write');
    expect(proxy.injected.cuts).toBeGreaterThan(0);
    // The session URI is a capability to upload: its id stays out of the message.
    expect((e as Error).message).toMatch(/upload_id=<redacted>/);
    expect((e as Error).message).not.toMatch(/upload_id=[0-9a-f]/);
    expect(deletes().length).toBe(before + 1);
    expect(open('cut.bin')).toEqual([]);
    expect(await store.stat('cut.bin')).toBeUndefined();
  });

  it('cancels a session whose creation was still under way when the write was aborted', async () => {
    const controller = new AbortController();
    let answered: Promise<void> | undefined;
    server.uploads.hold = (step) => {
      if (step !== 'start') return Promise.resolve();
      controller.abort();
      // Create the session and answer only after the client has given up on its stream.
      answered = new Promise((resolve) => setTimeout(resolve, 50));
      return answered;
    };
    const e = await store
      .write('early.bin', randomBytes(3 * MiB), { signal: controller.signal })
      .catch((error: unknown) => error);
    // The session exists from the moment the held start went on (then synchronously); wait for that.
    await answered;
    await new Promise((resolve) => setImmediate(resolve));
    expect(e).toBeInstanceOf(AbortError);
    expect(open('early.bin')).toEqual([]);
    expect(await store.stat('early.bin')).toBeUndefined();
  });

  it('does not wait for a session whose creation was refused', async () => {
    const denied = JSON.stringify({ error: { code: 403, message: 'no uploads here', errors: [] } });
    proxy.failNext(1, 403, denied, 'application/json', (r) => r.method === 'POST');
    const started = Date.now();
    const e = await store.write('denied.bin', randomBytes(3 * MiB)).catch((error: unknown) => error);
    expect(proxy.injected.statuses).toBeGreaterThan(0);
    expect(e).toBeInstanceOf(StorageAccessDeniedError);
    expect(Date.now() - started).toBeLessThan(SESSION_CANCEL_TIMEOUT_MS);
    expect(open('denied.bin')).toEqual([]);
  });

  it('throws the write error, not the cancel error, when the cancel is refused', async () => {
    const before = deletes().length;
    proxy.cutUploads(200_000, 1000, (r) => r.method === 'PUT');
    const denied = JSON.stringify({ error: { code: 403, message: 'cancel denied', errors: [] } });
    proxy.failNext(5, 403, denied, 'application/json', (r) => r.method === 'DELETE');
    const e = await store.write('refused.bin', randomBytes(3 * MiB)).catch((error: unknown) => error);
    proxy.heal();
    expect(e).toBeInstanceOf(StorageError);
    expect((e as StorageError).operation).toBe('write');
    expect(e).not.toBeInstanceOf(StorageAccessDeniedError);
    expect((e as Error).message).not.toMatch(/cancel denied|HTTP 403/);
    expect((e as Error).message).toMatch(/ECONNRESET|Retry limit exceeded/);
    expect(proxy.injected.statuses).toBeGreaterThan(0);
    expect(deletes().length).toBe(before + 1);
    // The refused cancel leaves its session open: that is what the refusal means.
    expect(open('refused.bin')).toEqual(['c/refused.bin']);
  });

  it('gives up on a cancel that does not answer, within its time bound', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.uploads.hold = (step) => (step === 'cancel' ? released : Promise.resolve());
    proxy.cutUploads(200_000, 1000, (r) => r.method === 'PUT');
    const started = Date.now();
    const e = await store.write('hung.bin', randomBytes(3 * MiB)).catch((error: unknown) => error);
    const elapsed = Date.now() - started;
    release();
    expect(e).toBeInstanceOf(StorageError);
    expect((e as StorageError).operation).toBe('write');
    expect(elapsed).toBeGreaterThanOrEqual(SESSION_CANCEL_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(SESSION_CANCEL_TIMEOUT_MS + 15_000);
    await expect.poll(() => open('hung.bin')).toEqual([]);
  });
});
