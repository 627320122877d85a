import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/errors.js';
import { createLocalStorage, openStorage } from '../../src/storage/index.js';
import type { StorageObject } from '../../src/storage/types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qb-local-x-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function all(iterable: AsyncIterable<StorageObject>) {
  const out: string[] = [];
  for await (const item of iterable) out.push(item.key);
  return out;
}

describe('local storage, beyond the conformance suite', () => {
  it('creates a missing destination folder on write', async () => {
    const store = await openStorage(`file://${dir}/out/nested`);
    await store.write('deeper/r.csv', new TextEncoder().encode('a\n1\n'));
    expect(await readFile(join(dir, 'out/nested/deeper/r.csv'), 'utf8')).toBe('a\n1\n');
  });

  it('leaves no temp file behind after a failed write, and lists none during one', async () => {
    const store = createLocalStorage(dir);
    let listedDuring: string[] = [];
    async function* failing() {
      yield new Uint8Array(10);
      listedDuring = await all(store.list(''));
      throw new Error('boom');
    }
    await expect(store.write('f.csv', failing())).rejects.toBeInstanceOf(StorageError);
    expect(listedDuring).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses symbolic links that lead outside the root, and follows those that stay inside', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'qb-outside-'));
    try {
      await writeFile(join(outside, 'secret.csv'), 'top secret');
      await mkdir(join(dir, 'root/inner'), { recursive: true });
      await writeFile(join(dir, 'root/inner/ok.csv'), 'fine');
      await symlink(join(outside, 'secret.csv'), join(dir, 'root/link.csv'));
      await symlink(outside, join(dir, 'root/outdir'));
      await symlink(join(dir, 'root/inner/ok.csv'), join(dir, 'root/alias.csv'));
      const store = createLocalStorage(`file://${dir}/root`);
      await expect(store.read('link.csv')).rejects.toThrow(/outside the root/);
      await expect(store.read('outdir/secret.csv')).rejects.toBeInstanceOf(StorageError);
      await expect(store.write('outdir/new.csv', new Uint8Array(1))).rejects.toThrow(/outside the root/);
      expect(await readdir(outside)).toEqual(['secret.csv']);
      expect(await all(store.list('', { recursive: true }))).toEqual(['alias.csv', 'inner/ok.csv']);
      expect(new TextDecoder().decode(await store.read('alias.csv'))).toBe('fine');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('opens relative file:// URIs against the working folder', async () => {
    const store = await openStorage('file://some/rel/dir');
    expect(store.uri).toBe(`file://${process.cwd()}/some/rel/dir/`);
    expect(store.scheme).toBe('file');
  });

  it('names a file over 2 GiB and says to split it, without reading it', async () => {
    // Sparse: no disk blocks are used, and Node refuses it from its size alone.
    await writeFile(join(dir, 'huge.csv'), '');
    await truncate(join(dir, 'huge.csv'), 2 ** 31 + 1);
    const store = createLocalStorage(dir);
    const error = await store.read('huge.csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(
      /huge\.csv.*larger than 2 GiB.*split it into smaller files/,
    );
  });

  it('names the file when reading a folder', async () => {
    await mkdir(join(dir, 'sub'));
    const store = createLocalStorage(dir);
    await expect(store.read('sub')).rejects.toThrow(/folder/);
  });
});
