import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalStorage } from '../../src/storage/index.js';
import { hostTag, parseTempName, tempNameFor } from '../../src/storage/local/temp-name.js';
import { killedWriter } from './killed-writer.js';

/** NAME_MAX on Linux: the longest file name, in bytes, that a target itself may have. */
const NAME_MAX = 255;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** 255 bytes of ASCII. */
const ascii = `${'a'.repeat(NAME_MAX - 4)}.csv`;
/** 255 bytes with 3-byte characters, laid out so that any cut by bytes would land inside one of them. */
const multiByte = `ab${'日'.repeat(83)}.csv`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qb-long-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('temp names of long targets', () => {
  it('the test names are at NAME_MAX', () => {
    expect(bytes(ascii)).toBe(NAME_MAX);
    expect(bytes(multiByte)).toBe(NAME_MAX);
  });

  it('stay within NAME_MAX, cut on a character boundary, and still carry host tag and pid', () => {
    for (const target of [ascii, multiByte, `${'é'.repeat(127)}x`, 'ü'.repeat(200)]) {
      const name = tempNameFor(target);
      expect(bytes(name), target).toBeLessThanOrEqual(NAME_MAX);
      const parts = parseTempName(name);
      expect(parts?.hostTag).toBe(hostTag());
      expect(parts?.pid).toBe(process.pid);
      const shortened = parts?.target ?? '';
      expect(shortened).toMatch(/~[0-9a-f]{16}$/);
      const prefix = shortened.replace(/~[0-9a-f]{16}$/, '');
      expect(bytes(prefix)).toBeGreaterThan(190);
      // A prefix of the very characters: no replacement character from a split sequence.
      expect(target.startsWith(prefix)).toBe(true);
      expect(Buffer.from(prefix, 'utf8').toString('utf8')).toBe(prefix);
    }
  });

  it('keep short targets whole, and differ for long targets that share a prefix', () => {
    expect(parseTempName(tempNameFor('r.csv'))?.target).toBe('r.csv');
    const a = parseTempName(tempNameFor(`${ascii.slice(0, -5)}1.csv`))?.target;
    const b = parseTempName(tempNameFor(`${ascii.slice(0, -5)}2.csv`))?.target;
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
  });
});

describe('local storage with target names at NAME_MAX', () => {
  it('writes and reads back a 255-byte ASCII name and a 255-byte multi-byte one', async () => {
    const store = createLocalStorage(dir);
    for (const name of [ascii, multiByte]) {
      const body = `name\n${name}\n`;
      await store.write(`sub/${name}`, new TextEncoder().encode(body));
      expect(new TextDecoder().decode(await store.read(`sub/${name}`))).toBe(body);
      expect(await readFile(join(dir, 'sub', name), 'utf8')).toBe(body);
    }
    expect((await readdir(join(dir, 'sub'))).sort()).toEqual([ascii, multiByte].sort());
  });

  it('lands two long names that share a long prefix, written at once, intact', async () => {
    const store = createLocalStorage(dir);
    const names = [`${multiByte.slice(0, -5)}1.csv`, `${multiByte.slice(0, -5)}2.csv`];
    const bodies = names.map((_, i) => new Uint8Array(256 * 1024).fill(65 + i));
    async function* slowly(body: Uint8Array) {
      // In chunks with pauses, so that both temps exist side by side.
      for (let at = 0; at < body.byteLength; at += 32 * 1024) {
        yield body.subarray(at, at + 32 * 1024);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    await Promise.all(names.map((name, i) => store.write(name, slowly(bodies[i] as Uint8Array))));
    expect((await readdir(dir)).sort()).toEqual([...names].sort());
    for (const [i, name] of names.entries()) {
      expect(Buffer.compare(await readFile(join(dir, name)), bodies[i] as Uint8Array), name).toBe(0);
    }
  });
});

describe('local storage removes temps of killed writers of long names', () => {
  it('cleans the temp that a dead writer of a 255-byte name left', async () => {
    const { temp, pid } = await killedWriter(dir, multiByte);
    expect(bytes(temp)).toBeLessThanOrEqual(NAME_MAX);
    expect(parseTempName(temp)).toMatchObject({ hostTag: hostTag(), pid });
    expect(await readdir(dir)).toEqual([temp]);

    await createLocalStorage(dir).write('other.csv', new TextEncoder().encode('a\n1\n'));
    expect(await readdir(dir)).toEqual(['other.csv']);
  });
});
