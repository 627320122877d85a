import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/errors.js';
import { createLocalStorage, openStorage } from '../../src/storage/index.js';
import type { SkippedEntry, StorageAdapter, StorageObject } from '../../src/storage/types.js';

/*
 * A source folder made of links, as DVC (symlink cache links), Bazel or a hand-made farm of links into a shared
 * dataset leave it: `root` holds one file of its own and links into `outside`, a sibling folder.
 *
 *   outside/far.csv                 FAR bytes, modified in 2001
 *   outside/data/x.csv
 *   outside/data/sub/y.csv
 *   outside/data/loop -> outside/data         (a loop)
 *   outside/data/home -> root                 (a loop through the root)
 *   root/own.csv
 *   root/far.csv      -> outside/far.csv
 *   root/data         -> outside/data
 *   root/gone.csv     -> missing.csv          (dangling)
 *   root/ring-a.csv   -> root/ring-b.csv -> root/ring-a.csv   (a link cycle: resolves to nothing)
 */

const FAR = 'id,name\n1,far away\n';
const FAR_TIME = new Date('2001-02-03T04:05:06Z');

let dir: string;
let root: string;
let outside: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qb-local-links-'));
  root = join(dir, 'root');
  outside = join(dir, 'outside');
  await mkdir(join(outside, 'data/sub'), { recursive: true });
  await mkdir(root);
  await writeFile(join(outside, 'far.csv'), FAR);
  await utimes(join(outside, 'far.csv'), FAR_TIME, FAR_TIME);
  await writeFile(join(outside, 'data/x.csv'), 'x\n1\n');
  await writeFile(join(outside, 'data/sub/y.csv'), 'y\n22\n');
  await symlink(join(outside, 'data'), join(outside, 'data/loop'));
  await symlink(root, join(outside, 'data/home'));
  await writeFile(join(root, 'own.csv'), 'own\n');
  await symlink(join(outside, 'far.csv'), join(root, 'far.csv'));
  await symlink(join(outside, 'data'), join(root, 'data'));
  await symlink(join(dir, 'missing.csv'), join(root, 'gone.csv'));
  await symlink(join(root, 'ring-b.csv'), join(root, 'ring-a.csv'));
  await symlink(join(root, 'ring-a.csv'), join(root, 'ring-b.csv'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Everything `list` gives and reports for `prefix`, recursively, with the `csv` extension. */
async function listing(store: StorageAdapter, prefix = '') {
  const objects: StorageObject[] = [];
  const skipped: SkippedEntry[] = [];
  const onSkip = (entry: SkippedEntry) => skipped.push(entry);
  for await (const object of store.list(prefix, { recursive: true, extensions: ['csv'], onSkip })) {
    objects.push(object);
  }
  skipped.sort((a, b) => a.key.localeCompare(b.key));
  return { keys: objects.map((o) => o.key), objects, skipped };
}

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

/** The error `attempt` rejects with (fails the test when it resolves). */
async function refusal(attempt: () => Promise<unknown>): Promise<StorageError> {
  const error = await attempt().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

const DANGLING = [
  { key: 'gone.csv', reason: 'a symbolic link to nothing' },
  { key: 'ring-a.csv', reason: 'a symbolic link to nothing' },
  { key: 'ring-b.csv', reason: 'a symbolic link to nothing' },
];

describe('local storage without followLinks (the default)', () => {
  it('lists only its own files and reports the links that lead outside (files, and folders whatever their name) or nowhere', async () => {
    const { keys, skipped } = await listing(createLocalStorage(root));
    expect(keys).toEqual(['own.csv']);
    expect(skipped).toEqual([
      {
        // Not a .csv name, but a recursive listing would have walked it.
        key: 'data',
        reason:
          'a symbolic link to a folder outside the folder (followLinks, or --follow-links in the CLI, walks it)',
      },
      {
        key: 'far.csv',
        reason:
          'a symbolic link to a file outside the folder (followLinks, or --follow-links in the CLI, reads through it)',
      },
      ...DANGLING,
    ]);
    // A listing of one level walks no folder, so a link to one hides nothing and is not reported.
    const flat: SkippedEntry[] = [];
    for await (const _ of createLocalStorage(root).list('', {
      extensions: ['csv'],
      onSkip: (e) => flat.push(e),
    }));
    expect(flat.map((e) => e.key).sort()).toEqual(['far.csv', 'gone.csv', 'ring-a.csv', 'ring-b.csv']);
  });

  it('refuses every reading operation through a link that leads outside', async () => {
    for (const store of [createLocalStorage(root), createLocalStorage(root, { followLinks: false })]) {
      for (const attempt of [
        () => store.read('far.csv'),
        () => store.read('data/x.csv'),
        () => text(store.readStream('data/sub/y.csv')),
        () => store.stat('far.csv'),
        () => listing(store, 'data'),
      ]) {
        const error = await refusal(attempt);
        expect(error.code).toBe('STORAGE_KEY_REFUSED');
        expect(error.message).toMatch(/outside the root through a symbolic link/);
      }
    }
  });
});

describe('local storage with followLinks', () => {
  const open = () => createLocalStorage(root, { followLinks: true });

  it('lists a link to an outside file with the size and time of its target, and reads it back', async () => {
    const store = open();
    const { objects } = await listing(store);
    const far = objects.find((o) => o.key === 'far.csv');
    expect(far).toEqual({
      key: 'far.csv',
      size: Buffer.byteLength(FAR),
      lastModified: FAR_TIME,
      // The file read, the link resolved: what the runner compares to refuse an output that is an input.
      realPath: await realpath(join(outside, 'far.csv')),
    });
    // The link's own time is now, not 2001: the listing looked through it.
    expect((await lstat(join(root, 'far.csv'))).mtime).not.toEqual(FAR_TIME);
    expect(new TextDecoder().decode(await store.read('far.csv'))).toBe(FAR);
    expect(await text(store.readStream('far.csv'))).toBe(FAR);
    expect(await store.stat('far.csv')).toEqual(far);
  });

  it('lists a link to an outside folder recursively, and reads through it', async () => {
    const store = open();
    const { keys } = await listing(store);
    expect(keys).toEqual(['data/sub/y.csv', 'data/x.csv', 'far.csv', 'own.csv']);
    expect(new TextDecoder().decode(await store.read('data/x.csv'))).toBe('x\n1\n');
    expect(await text(store.readStream('data/sub/y.csv'))).toBe('y\n22\n');
    expect((await store.stat('data/sub/y.csv'))?.size).toBe(5);
    // A prefix that is itself the link.
    expect((await listing(store, 'data/sub')).keys).toEqual(['data/sub/y.csv']);
    // Without recursion the linked folder is a folder like any other: not descended into, not reported.
    const flat: string[] = [];
    for await (const o of store.list('', { extensions: ['csv'] })) flat.push(o.key);
    expect(flat).toEqual(['far.csv', 'own.csv']);
  });

  it('ends on link loops: a folder already walked is not walked again', async () => {
    // outside/data/loop leads back to outside/data, outside/data/home back to the root.
    const { keys } = await listing(open());
    expect(keys).not.toContainEqual(expect.stringContaining('loop/'));
    expect(keys).not.toContainEqual(expect.stringContaining('home/'));
    expect(keys).toHaveLength(4);
  });

  it('lists a folder reached through two links that do not nest under both prefixes', async () => {
    // A farm often links one shared folder twice (two datasets, one cache): each link is a prefix of its own.
    await symlink(join(outside, 'data'), join(root, 'again'));
    const { keys } = await listing(open());
    expect(keys.filter((k) => k.startsWith('again/'))).toEqual(['again/sub/y.csv', 'again/x.csv']);
    expect(keys.filter((k) => k.startsWith('data/'))).toEqual(['data/sub/y.csv', 'data/x.csv']);
    expect(keys).toHaveLength(6);
  });

  it('still reports links to nothing (dangling, or a cycle of links) through onSkip, and only those', async () => {
    const { skipped } = await listing(open());
    expect(skipped).toEqual(DANGLING);
    await expect(open().read('gone.csv')).rejects.toMatchObject({ code: 'STORAGE_NOT_FOUND' });
    expect(await open().stat('gone.csv')).toBeUndefined();
  });

  it('refuses writes and deletes through a link that leads outside, with the code of the default', async () => {
    const before = await readdir(join(outside, 'data'));
    for (const store of [open(), await openStorage(`file://${root}`, { local: { followLinks: true } })]) {
      const attempts = [
        () => store.write('far.csv', new TextEncoder().encode('overwritten')),
        () => store.write('data/new.csv', new TextEncoder().encode('new')),
        () => store.write('data/sub/deeper/new.csv', new TextEncoder().encode('new')),
        () => store.delete('far.csv'),
        () => store.delete('data/x.csv'),
      ];
      for (const attempt of attempts) {
        const error = await refusal(attempt);
        expect(error.code).toBe('STORAGE_KEY_REFUSED');
        expect(error.message).toMatch(/outside the root through a symbolic link/);
      }
    }
    // The same code as without the option.
    const plain = await refusal(() => createLocalStorage(root).delete('data/x.csv'));
    expect(plain.code).toBe('STORAGE_KEY_REFUSED');
    expect(await readFile(join(outside, 'far.csv'), 'utf8')).toBe(FAR);
    expect(await readdir(join(outside, 'data'))).toEqual(before);
    expect(await readdir(join(outside, 'data/sub'))).toEqual(['y.csv']);
    expect(await readdir(root)).toContain('far.csv');
  });

  it('still writes and deletes its own files, and refuses keys with ".." or an absolute path', async () => {
    const store = open();
    await store.write('new/out.csv', new TextEncoder().encode('a\n1\n'));
    expect(await readFile(join(root, 'new/out.csv'), 'utf8')).toBe('a\n1\n');
    await store.delete('own.csv');
    expect(await store.stat('own.csv')).toBeUndefined();
    await refusal(() => store.read('../outside/far.csv'));
    await refusal(() => store.read(join(outside, 'far.csv')));
  });
});
