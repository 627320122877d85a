import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createLocalStorage } from '../../src/storage/index.js';
import { describeConformance } from './conformance.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeConformance('local', () => ({
  async fresh() {
    const dir = await mkdtemp(join(tmpdir(), 'qb-local-'));
    dirs.push(dir);
    return createLocalStorage(`file://${dir}`);
  },
  async missing() {
    const dir = await mkdtemp(join(tmpdir(), 'qb-local-'));
    dirs.push(dir);
    return createLocalStorage(`file://${dir}/does-not-exist`);
  },
  largeSize: 6 << 20,
}));
