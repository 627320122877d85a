import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRows, tempDir, writeInput } from './fixtures.js';

// The built package, as a host process loads it (vitest's module resolution does not reach a child).
const ESM_ENTRY = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const CJS_ENTRY = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));
const MODEL = fileURLToPath(new URL('./models/add-total.mjs', import.meta.url));
const REGISTER = fileURLToPath(new URL('./scripts/arrow-marker-register.mjs', import.meta.url));

// A module predictor's run does its Arrow work in the worker threads: the calling thread should not pay for
// loading apache-arrow (~60 ms, ~18 MB). A function predictor's run needs it there, which shows the probes see
// a load when there is one.
describe('apache-arrow on the calling thread', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir.path, 'in'));
    await writeInput(join(dir.path, 'in', 'a.csv'), 'csv', sampleRows(3));
  });
  afterAll(() => dir.cleanup());

  const runs = (out: string) => ({
    module: `{ modelId: 'm', sourceFolder: ${JSON.stringify(join(dir.path, 'in'))}, destinationFolder: ${JSON.stringify(`${out}-module`)}, inputFileType: 'csv', outputFileType: 'parquet', model: ${JSON.stringify(MODEL)} }`,
    fn: `{ modelId: 'm', sourceFolder: ${JSON.stringify(join(dir.path, 'in'))}, destinationFolder: ${JSON.stringify(`${out}-fn`)}, inputFileType: 'csv', model: (t) => t }`,
  });

  it('is not loaded by a module predictor run of the CommonJS build, and is by a function one', () => {
    const { module, fn } = runs(join(dir.path, 'cjs'));
    const script = `
      const arrow = () => Object.keys(require.cache).some((k) => k.includes('apache-arrow'));
      const { BatchInferenceClient } = require(${JSON.stringify(CJS_ENTRY)});
      (async () => {
        const client = new BatchInferenceClient();
        const a = await client.localFileRun(${module});
        const afterModule = arrow();
        const b = await client.localFileRun(${fn});
        console.log(JSON.stringify({ statuses: [a.status, b.status], afterModule, afterFunction: arrow() }));
      })().catch((e) => { console.error(e); process.exitCode = 1; });`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      statuses: ['finished', 'finished'],
      afterModule: false,
      afterFunction: true,
    });
  });

  it('is not loaded by a module predictor run of the ES module build, and is by a function one', () => {
    const { module, fn } = runs(join(dir.path, 'esm'));
    const script = `
      const { BatchInferenceClient } = await import(${JSON.stringify(ESM_ENTRY)});
      const client = new BatchInferenceClient();
      const a = await client.localFileRun(${module});
      const afterModule = globalThis.__qwakArrowLoaded === true;
      const b = await client.localFileRun(${fn});
      console.log(JSON.stringify({ statuses: [a.status, b.status], afterModule, afterFunction: globalThis.__qwakArrowLoaded === true }));`;
    const child = spawnSync(process.execPath, ['--import', REGISTER, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      statuses: ['finished', 'finished'],
      afterModule: false,
      afterFunction: true,
    });
  });
});
