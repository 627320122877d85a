import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn, sampleRows, tempDir, writeInput } from './fixtures.js';

// The built runner the child process imports (vitest's module resolution does not reach a child).
const RUNNER_MODULE = process.env.QWAK_RUNNER_MODULE ?? new URL('../../dist/runner.js', import.meta.url).href;
const MODEL = new URL('./models/add-total.mjs', import.meta.url).pathname;

describe('worker threads under the flags of the host process', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir.path, 'in'));
    await writeInput(join(dir.path, 'in', 'a.csv'), 'csv', sampleRows(3));
  });
  afterAll(() => dir.cleanup());

  // `--input-type` cannot reach a worker, and V8 flags cannot be passed to one explicitly: a run from
  // `node --expose-gc --input-type=module -e ...` must still start its workers.
  for (const flags of [
    ['--input-type=module'],
    ['--expose-gc', '--input-type=module'],
    ['--max-old-space-size=512'],
  ]) {
    it(`runs a module predictor in workers under ${flags.join(' ')}`, () => {
      const out = join(dir.path, `out${flags.join('')}`);
      const script =
        `const { BatchInferenceClient } = await import(${JSON.stringify(RUNNER_MODULE)});` +
        `const r = await new BatchInferenceClient().localFileRun({ modelId: 'm', sourceFolder: ${JSON.stringify(join(dir.path, 'in'))},` +
        ` destinationFolder: ${JSON.stringify(out)}, inputFileType: 'csv', model: ${JSON.stringify(MODEL)} });` +
        'console.log(r.status, r.rowsOut);';
      const args = flags.includes('--input-type=module')
        ? [...flags, '-e', script]
        : [...flags, '--input-type=module', '-e', script];
      const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toBe('finished 3');
      return filesIn(out).then((names) => expect(names).toEqual(['a.csv']));
    });
  }

  // A CommonJS `-e` script defines `__filename` ('[eval]') as a global: neither build may take it for its own,
  // neither to find its worker entry nor to find parquet-wasm (the script runs in a folder without node_modules).
  for (const build of ['import() of the ES module build', 'require() of the CommonJS build']) {
    it(`runs a module predictor from a CommonJS -e script, by ${build}`, () => {
      const out = join(dir.path, `out-cjs-eval-${build.startsWith('import') ? 'esm' : 'cjs'}`);
      const load = build.startsWith('import')
        ? `await import(${JSON.stringify(RUNNER_MODULE)})`
        : `require(${JSON.stringify(new URL(RUNNER_MODULE).pathname.replace(/\.js$/, '.cjs'))})`;
      const script =
        `(async () => { const { BatchInferenceClient } = ${load};` +
        `const r = await new BatchInferenceClient().localFileRun({ modelId: 'm', sourceFolder: ${JSON.stringify(join(dir.path, 'in'))},` +
        ` destinationFolder: ${JSON.stringify(out)}, inputFileType: 'csv', outputFileType: 'parquet', model: ${JSON.stringify(MODEL)} });` +
        'console.log(r.status, r.rowsOut); })().catch((e) => { console.error(e.message); process.exitCode = 1; });';
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: dir.path });
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toBe('finished 3');
      return filesIn(out).then((names) => expect(names).toEqual(['a.parquet']));
    });
  }
});
