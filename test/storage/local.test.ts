import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createLocalStorage, openStorage } from '../../src/storage/index.js';
import { describeConformance } from './conformance.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qb-local-'));
  dirs.push(dir);
  return dir;
}

describeConformance('local', () => ({
  async fresh() {
    return createLocalStorage(`file://${await freshDir()}`);
  },
  async missing() {
    return createLocalStorage(`file://${await freshDir()}/does-not-exist`);
  },
  largeSize: 6 << 20,
}));

// Without the flush to disk, every other guarantee (atomic replace, no temp file left, errors) must hold.
describeConformance('local (fsync: false)', () => ({
  async fresh() {
    return openStorage(`file://${await freshDir()}`, { local: { fsync: false } });
  },
  async missing() {
    return openStorage(`file://${await freshDir()}/does-not-exist`, { local: { fsync: false } });
  },
  largeSize: 6 << 20,
}));

// Following links for reading changes nothing for a folder without them: every guarantee must hold.
describeConformance('local (followLinks: true)', () => ({
  async fresh() {
    return openStorage(`file://${await freshDir()}`, { local: { followLinks: true } });
  },
  async missing() {
    return openStorage(`file://${await freshDir()}/does-not-exist`, { local: { followLinks: true } });
  },
  largeSize: 6 << 20,
}));
