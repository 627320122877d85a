import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GcsJsonServer, startGcsServer } from '../setup/gcs-server/server.js';

// The GCS JSON-API server must refuse what the real service refuses, or it could hide client bugs.
let server: GcsJsonServer;
beforeAll(async () => {
  server = await startGcsServer();
  server.store.createBucket('strict-bkt');
});
afterAll(() => server?.stop());

const call = (path: string, init?: RequestInit) => fetch(`${server.endpoint}${path}`, init);
const upload = '/upload/storage/v1/b/strict-bkt/o';

describe('the test GCS JSON-API server is strict', () => {
  it('answers errors in the GCS JSON shape', async () => {
    const response = await call('/storage/v1/b/strict-bkt/o/missing');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: number; message: string; errors: unknown[] } };
    expect(body.error.code).toBe(404);
    expect(body.error.message).toMatch(/No such object/);
    expect(body.error.errors).toHaveLength(1);
  });

  it('refuses bad bucket names, a missing project and unknown upload types', async () => {
    const create = (name: string, project = '?project=p') =>
      call(`/storage/v1/b${project}`, { method: 'POST', body: JSON.stringify({ name }) });
    expect((await create('Bad_Name!')).status).toBe(400);
    expect((await create('good-name', '')).status).toBe(400);
    expect((await create('strict-bkt')).status).toBe(409);
    expect((await call(`${upload}?uploadType=weird&name=a`, { method: 'POST', body: 'x' })).status).toBe(400);
    expect((await call(`${upload}?uploadType=media`, { method: 'POST', body: 'x' })).status).toBe(400);
  });

  it('checks hashes the client sends and preconditions', async () => {
    const boundary = 'b0undary';
    const meta = JSON.stringify({ name: 'h.txt', md5Hash: 'AAAAAAAAAAAAAAAAAAAAAA==' });
    const body = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${meta}\r\n--${boundary}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--`;
    const response = await call(`${upload}?uploadType=multipart`, {
      method: 'POST',
      headers: { 'content-type': `multipart/related; boundary=${boundary}` },
      body,
    });
    expect(response.status).toBe(400);
    expect(
      (await call(`${upload}?uploadType=media&name=p.txt`, { method: 'POST', body: 'one' })).status,
    ).toBe(200);
    const again = await call(`${upload}?uploadType=media&name=p.txt&ifGenerationMatch=0`, {
      method: 'POST',
      body: 'two',
    });
    expect(again.status).toBe(412);
  });

  it('serves ranges like GCS, and refuses unsatisfiable ones', async () => {
    await call(`${upload}?uploadType=media&name=r.txt`, { method: 'POST', body: '0123456789' });
    const get = (range: string) => call('/storage/v1/b/strict-bkt/o/r.txt?alt=media', { headers: { range } });
    const part = await get('bytes=2-4');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await part.text()).toBe('234');
    expect(await (await get('bytes=-3')).text()).toBe('789');
    expect((await get('bytes=20-')).status).toBe(416);
    const whole = await call('/storage/v1/b/strict-bkt/o/r.txt?alt=media');
    expect(whole.headers.get('x-goog-hash')).toMatch(/^crc32c=[A-Za-z0-9+/=]{8},md5=[A-Za-z0-9+/=]{24}$/);
  });

  it('holds resumable uploads to GCS rules: 256 KiB chunks, contiguous ranges, invisible until complete', async () => {
    const start = await call(`${upload}?uploadType=resumable`, {
      method: 'POST',
      body: JSON.stringify({ name: 'big.bin' }),
    });
    const location = start.headers.get('location')!;
    expect(location).toMatch(/upload_id=/);
    const put = (range: string, body: Uint8Array) =>
      fetch(location, { method: 'PUT', headers: { 'content-range': range }, body });
    expect((await put('bytes 0-99/*', new Uint8Array(100))).status).toBe(400); // not a multiple of 256 KiB
    const chunk = new Uint8Array(256 * 1024);
    const first = await put(`bytes 0-${chunk.length - 1}/*`, chunk);
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${chunk.length - 1}`);
    expect((await call('/storage/v1/b/strict-bkt/o/big.bin')).status).toBe(404);
    expect((await put(`bytes 5-${chunk.length + 4}/*`, chunk)).status).toBe(400); // not contiguous
    const total = chunk.length + 10;
    const last = await put(`bytes ${chunk.length}-${total - 1}/${total}`, new Uint8Array(10));
    expect(last.status).toBe(200);
    expect(((await last.json()) as { size: string }).size).toBe(String(total));
  });

  it('shows open resumable sessions until they finish or are cancelled (DELETE answers 499)', async () => {
    const begin = async (name: string) =>
      (
        await call(`${upload}?uploadType=resumable`, { method: 'POST', body: JSON.stringify({ name }) })
      ).headers.get('location')!;
    const kept = await begin('open/kept.bin');
    const cancelled = await begin('open/cancelled.bin');
    const open = () => server.uploads.openSessions('strict-bkt').filter((n) => n.startsWith('open/'));
    expect(open().sort()).toEqual(['open/cancelled.bin', 'open/kept.bin']);
    expect((await fetch(cancelled, { method: 'DELETE' })).status).toBe(499);
    expect((await fetch(cancelled, { method: 'DELETE' })).status).toBe(404);
    expect(open()).toEqual(['open/kept.bin']);
    const done = await fetch(kept, {
      method: 'PUT',
      headers: { 'content-range': 'bytes 0-2/3' },
      body: 'abc',
    });
    expect(done.status).toBe(200);
    expect(open()).toEqual([]);
    expect(server.uploads.openSessions('no-such-bucket')).toEqual([]);
  });

  it('pages listings by at most 1,000 and groups by delimiter', async () => {
    for (const name of ['d/a.csv', 'd/b.csv', 'd/sub/c.csv', 'd/sub/d.csv', 'd/z.csv']) {
      await call(`${upload}?uploadType=media&name=${encodeURIComponent(name)}`, {
        method: 'POST',
        body: 'x',
      });
    }
    const list = async (query: string) =>
      (await (await call(`/storage/v1/b/strict-bkt/o?${query}`)).json()) as {
        items?: { name: string }[];
        prefixes?: string[];
        nextPageToken?: string;
      };
    const page1 = await list('prefix=d/&delimiter=/&maxResults=2');
    expect(page1.items?.map((i) => i.name)).toEqual(['d/a.csv', 'd/b.csv']);
    const page2 = await list(`prefix=d/&delimiter=/&maxResults=2&pageToken=${page1.nextPageToken}`);
    expect(page2.prefixes).toEqual(['d/sub/']);
    expect(page2.items?.map((i) => i.name)).toEqual(['d/z.csv']);
    expect(page2.nextPageToken).toBeUndefined();
    expect((await call('/storage/v1/b/strict-bkt/o?maxResults=0')).status).toBe(400);
  });
});
