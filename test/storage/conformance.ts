import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AbortError, QwakBatchError, StorageError, StorageNotFoundError } from '../../src/errors.js';
import type { StorageAdapter, StorageObject } from '../../src/storage/types.js';

/** What the conformance suite needs from one adapter under test. */
export interface ConformanceTarget {
  /** A fresh, empty folder for each call (a new temp dir, a new bucket or prefix). */
  fresh(): Promise<StorageAdapter>;
  /** An adapter whose root (folder or bucket) does not exist. */
  missing(): Promise<StorageAdapter>;
  /** Bytes above the adapter's multipart / resumable threshold, to exercise that path. */
  largeSize: number;
  /** Unfinished multipart uploads left in the store's bucket, where the store has such a thing. */
  pendingUploads?(store: StorageAdapter): Promise<number>;
}

async function all(iterable: AsyncIterable<StorageObject>): Promise<StorageObject[]> {
  const out: StorageObject[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function* chunked(bytes: Uint8Array, size: number, failAt?: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    if (failAt !== undefined && offset >= failAt) throw new Error('the producer broke');
    yield bytes.subarray(offset, Math.min(offset + size, bytes.byteLength));
  }
}

const compareUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const text = (s: string) => new TextEncoder().encode(s);
const keys = (objects: StorageObject[]) => objects.map((o) => o.key);

/** The behaviour every {@link StorageAdapter} must show. */
export function describeConformance(
  name: string,
  target: () => ConformanceTarget | undefined,
  skip?: string,
) {
  describe.skipIf(skip !== undefined)(`${name} conformance${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const t = () => target()!;

    it('writes and reads bytes back, with stat sizes', async () => {
      const store = await t().fresh();
      const bytes = randomBytes(70_001);
      expect(await store.write('a.bin', bytes)).toEqual({ size: 70_001 });
      expect(Buffer.from(await store.read('a.bin')).equals(bytes)).toBe(true);
      const info = await store.stat('a.bin');
      expect(info?.size).toBe(70_001);
      expect(info?.key).toBe('a.bin');
      expect(await store.stat('nope.bin')).toBeUndefined();
      expect(store.describe('a.bin')).toBe(`${store.uri}a.bin`);
    });

    it('streams a write in uneven chunks and streams it back identical', async () => {
      const store = await t().fresh();
      const bytes = randomBytes(1_000_003);
      expect((await store.write('dir/s.bin', chunked(bytes, 65_537))).size).toBe(bytes.byteLength);
      const parts: Uint8Array[] = [];
      for await (const part of store.readStream('dir/s.bin')) parts.push(part);
      expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    });

    it('keeps keys with spaces, unicode and URL-special characters intact', async () => {
      const store = await t().fresh();
      const odd = ['dir/ü ñ+%20&=?.csv', 'dir/a#b;c.csv', 'dir/日本.csv'];
      for (const key of odd) await store.write(key, text(key));
      expect(keys(await all(store.list('dir', { extensions: ['csv'] })))).toEqual([...odd].sort(compareUtf8));
      for (const key of odd) expect(new TextDecoder().decode(await store.read(key))).toBe(key);
      expect((await store.stat(odd[0]!))?.size).toBe(Buffer.byteLength(odd[0]!));
      // file:// URIs escape `%` (`%25`), so that they decode back to the key; bucket URIs write keys as they are.
      const written = store.uri.startsWith('file://') ? odd[0]!.replaceAll('%', '%25') : odd[0];
      expect(store.describe(odd[0]!)).toBe(`${store.uri}${written}`);
    });

    it('writes and reads an empty object', async () => {
      const store = await t().fresh();
      await store.write('empty.csv', new Uint8Array(0));
      expect((await store.read('empty.csv')).byteLength).toBe(0);
      expect((await store.stat('empty.csv'))?.size).toBe(0);
    });

    it('lists by extension, sorted, not recursive unless asked', async () => {
      const store = await t().fresh();
      for (const key of [
        'b.csv',
        'a.CSV',
        'c.parquet',
        'a.csv.bak',
        'sub/d.csv',
        'sub/deep/e.csv',
        'a-b.csv',
      ]) {
        await store.write(key, text(key));
      }
      expect(keys(await all(store.list('', { extensions: ['csv'] })))).toEqual(['a-b.csv', 'a.CSV', 'b.csv']);
      expect(keys(await all(store.list('', { extensions: ['csv', 'parquet'] })))).toEqual([
        'a-b.csv',
        'a.CSV',
        'b.csv',
        'c.parquet',
      ]);
      expect(keys(await all(store.list('', { extensions: ['csv'], recursive: true })))).toEqual([
        'a-b.csv',
        'a.CSV',
        'b.csv',
        'sub/d.csv',
        'sub/deep/e.csv',
      ]);
      expect(keys(await all(store.list('sub', { extensions: ['csv'] })))).toEqual(['sub/d.csv']);
      expect(keys(await all(store.list('sub/')))).toEqual(['sub/d.csv']);
      const sized = await all(store.list('', { extensions: ['parquet'] }));
      expect(sized[0]?.size).toBe('c.parquet'.length);
      expect(await all(store.list('no-such-prefix'))).toEqual([]);
    });

    it('replaces a same-named object with the complete new one', async () => {
      const store = await t().fresh();
      await store.write('o.csv', text('a much longer first version\n'));
      await store.write('o.csv', text('short\n'));
      expect(new TextDecoder().decode(await store.read('o.csv'))).toBe('short\n');
    });

    it('leaves nothing and keeps the old object when the producer fails mid-write', async () => {
      const store = await t().fresh();
      await store.write('keep.bin', text('old'));
      const bytes = randomBytes(t().largeSize);
      const failing = store.write('keep.bin', chunked(bytes, 1 << 20, t().largeSize - (1 << 20)));
      await expect(failing).rejects.toSatisfy((e) => QwakBatchError.isInstance(e));
      await expect(store.write('new.bin', chunked(bytes, 1 << 20, 1 << 20))).rejects.toBeInstanceOf(Error);
      expect(new TextDecoder().decode(await store.read('keep.bin'))).toBe('old');
      expect(await store.stat('new.bin')).toBeUndefined();
      expect(keys(await all(store.list('', { recursive: true })))).toEqual(['keep.bin']);
      if (t().pendingUploads) expect(await t().pendingUploads!(store)).toBe(0);
    });

    it('leaves nothing when the write is aborted', async () => {
      const store = await t().fresh();
      const controller = new AbortController();
      const bytes = randomBytes(t().largeSize);
      async function* slow() {
        for await (const chunk of chunked(bytes, 1 << 20)) {
          yield chunk;
          // Late enough that a multipart or resumable upload has started.
          if (chunk.byteOffset >= t().largeSize - (2 << 20)) controller.abort();
        }
      }
      await expect(store.write('aborted.bin', slow(), { signal: controller.signal })).rejects.toBeInstanceOf(
        AbortError,
      );
      expect(await store.stat('aborted.bin')).toBeUndefined();
      expect(await all(store.list('', { recursive: true }))).toEqual([]);
      if (t().pendingUploads) expect(await t().pendingUploads!(store)).toBe(0);
    });

    it('writes a large object (multipart / resumable path) intact', async () => {
      const store = await t().fresh();
      const bytes = randomBytes(t().largeSize + 12_345);
      await store.write('big/large.bin', chunked(bytes, 999_999));
      expect((await store.stat('big/large.bin'))?.size).toBe(bytes.byteLength);
      expect(Buffer.from(await store.read('big/large.bin')).equals(bytes)).toBe(true);
    });

    it('lists past one page (1,050 keys), sorted and complete', async () => {
      const store = await t().fresh();
      const names = Array.from({ length: 1_050 }, (_, i) => `p/k-${String(i).padStart(5, '0')}.csv`);
      for (let i = 0; i < names.length; i += 25) {
        await Promise.all(names.slice(i, i + 25).map((k) => store.write(k, text('x'))));
      }
      const listed = keys(await all(store.list('p', { extensions: ['csv'] })));
      expect(listed).toEqual(names);
    });

    it('deletes, and deleting a missing key is no error', async () => {
      const store = await t().fresh();
      await store.write('d.csv', text('x'));
      await store.delete('d.csv');
      expect(await store.stat('d.csv')).toBeUndefined();
      await expect(store.delete('d.csv')).resolves.toBeUndefined();
    });

    it('fails with typed errors naming the URI and the operation', async () => {
      const store = await t().fresh();
      const read = await store.read('missing.csv').catch((e: unknown) => e);
      expect(read).toBeInstanceOf(StorageNotFoundError);
      expect((read as StorageError).operation).toBe('read');
      expect((read as StorageError).uri).toBe(store.describe('missing.csv'));
      expect((read as Error).message).toContain('missing.csv');
      const stream = async () => {
        for await (const _ of store.readStream('missing.csv')) break;
      };
      await expect(stream()).rejects.toBeInstanceOf(StorageNotFoundError);
      for (const bad of ['../x.csv', 'a/../../x.csv', '/etc/passwd', '']) {
        const e = await store.write(bad, text('x')).catch((error: unknown) => error);
        expect(e, bad).toBeInstanceOf(StorageError);
        expect((e as StorageError).operation).toBe('write');
      }
      await expect(store.read('../x')).rejects.toBeInstanceOf(StorageError);
      const aborted = AbortSignal.abort();
      await store.write('x.csv', text('x'));
      await expect(store.read('x.csv', { signal: aborted })).rejects.toBeInstanceOf(AbortError);
    });

    it('says the root (folder or bucket) does not exist', async () => {
      const store = await t().missing();
      const e = await all(store.list('')).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(StorageNotFoundError);
      expect((e as StorageError).operation).toBe('list');
      expect((e as StorageError).uri).toContain(store.uri);
      await expect(store.read('a.csv')).rejects.toBeInstanceOf(StorageNotFoundError);
    });
  });
}
