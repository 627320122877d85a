import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalStorage } from '../../src/storage/index.js';
import { TEMP_PREFIX } from '../../src/storage/local/atomic-write.js';
import { hostTag, parseTempName, tempNameFor } from '../../src/storage/local/temp-name.js';
import { killedWriter } from './killed-writer.js';

describe('temp file names', () => {
  it('carry target, host tag and pid, and parse back', () => {
    const name = tempNameFor('part-0001.out.csv');
    expect(name).toMatch(/^\.qwak-tmp-part-0001\.out\.csv\.[0-9a-f]{8}\.[0-9]+\.[0-9a-f]{12}$/);
    expect(name.startsWith(TEMP_PREFIX)).toBe(true);
    expect(hostTag()).toMatch(/^[0-9a-f]{8}$/);
    expect(parseTempName(name)).toEqual({
      target: 'part-0001.out.csv',
      hostTag: hostTag(),
      pid: process.pid,
    });
    expect(tempNameFor('a')).not.toBe(tempNameFor('a'));
  });

  it('round-trip any file name', () => {
    const fileName = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('/'));
    fc.assert(fc.property(fileName, (target) => parseTempName(tempNameFor(target))?.target === target));
  });

  it('reject names of any other shape, old-format temps included', () => {
    for (const name of [
      '.qwak-tmp-x',
      '.qwak-tmp-r.csv.0123456789ab', // the format before host and pid were added
      'r.csv.0123abcd.42.0123456789ab', // no prefix
      '.qwak-tmp-.0123abcd.42.0123456789ab', // no target
      '.qwak-tmp-r.csv.0123ABCD.42.0123456789ab', // upper-case tag
      '.qwak-tmp-r.csv.0123abc.42.0123456789ab', // short tag
      '.qwak-tmp-r.csv.0123abcd.0.0123456789ab', // pid 0 (kill(0) would mean the process group)
      '.qwak-tmp-r.csv.0123abcd.042.0123456789ab',
      '.qwak-tmp-r.csv.0123abcd.-1.0123456789ab',
      '.qwak-tmp-r.csv.0123abcd.42.0123456789a',
      '.qwak-tmp-r.csv.0123abcd.42.0123456789abc',
    ]) {
      expect(parseTempName(name), name).toBeUndefined();
    }
    expect(parseTempName('.qwak-tmp-r.csv.0123abcd.42.0123456789ab')).toEqual({
      target: 'r.csv',
      hostTag: '0123abcd',
      pid: 42,
    });
  });
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qb-stale-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('local storage removes temps of killed writers', () => {
  it('removes the dead writer’s temp, keeps live, foreign and unknown ones, never shows the target', async () => {
    const { temp, pid } = await killedWriter(dir, 'big.csv');
    expect(parseTempName(temp)).toEqual({ target: 'big.csv', hostTag: hostTag(), pid });
    // The kill left the temp behind: that is the litter to clean.
    expect(await readdir(dir)).toContain(temp);

    const otherTag = hostTag() === '0badc0de' ? '0badc0df' : '0badc0de';
    const kept = [
      `${TEMP_PREFIX}mine.csv.${hostTag()}.${process.pid}.0123456789ab`, // this process: alive
      `${TEMP_PREFIX}far.csv.${otherTag}.${pid}.0123456789ab`, // another machine: its pid means nothing here
      `${TEMP_PREFIX}x`, // does not parse
      `${TEMP_PREFIX}old.csv.0123456789ab`, // the old format: does not parse
    ];
    for (const name of kept) await writeFile(join(dir, name), 'partial');

    const store = createLocalStorage(dir);
    await store.write('other.csv', new TextEncoder().encode('a\n1\n'));
    expect((await readdir(dir)).sort()).toEqual([...kept, 'other.csv'].sort());
    expect(await readFile(join(dir, 'other.csv'), 'utf8')).toBe('a\n1\n');
    expect(existsSync(join(dir, 'big.csv'))).toBe(false);
  });

  it('sweeps each folder once per adapter, only the folder written to, and never fails a write', async () => {
    const { pid } = await killedWriter(dir, 'big.csv');
    const dead = (name: string) => `${TEMP_PREFIX}${name}.${hostTag()}.${pid}.0123456789ab`;
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, dead('root.csv')), 'partial');
    await writeFile(join(dir, 'sub', dead('sub.csv')), 'partial');
    // A folder with a dead writer's name: unlinking it fails, which must not fail the write.
    await mkdir(join(dir, 'sub', dead('folder')));

    const store = createLocalStorage(dir);
    await store.write('sub/a.csv', new Uint8Array(3));
    expect((await readdir(join(dir, 'sub'))).sort()).toEqual([dead('folder'), 'a.csv']);
    expect(await readdir(dir)).toContain(dead('root.csv'));

    // Swept already by this adapter: a temp that appears later stays until another adapter writes there.
    await writeFile(join(dir, 'sub', dead('late.csv')), 'partial');
    await store.write('sub/b.csv', new Uint8Array(3));
    expect(await readdir(join(dir, 'sub'))).toContain(dead('late.csv'));
    await createLocalStorage(dir).write('sub/c.csv', new Uint8Array(3));
    expect(await readdir(join(dir, 'sub'))).not.toContain(dead('late.csv'));
  });
});
