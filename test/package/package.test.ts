import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

// These check the built package (`npm test` builds first), as users and bundlers will see it.
describe('the published package', () => {
  it('passes publint', async () => {
    const { publint } = await import('publint');
    const { messages } = await publint({ pkgDir: root.pathname, strict: true, level: 'warning' });
    expect(messages.map((m) => `${m.type} ${m.code} ${JSON.stringify(m.path)}`)).toEqual([]);
  });

  it('passes arethetypeswrong for every entry point', async () => {
    const bin = new URL('node_modules/.bin/attw', root).pathname;
    const result = await run(
      bin,
      ['--pack', '.', '--format', 'json', '--ignore-rules', 'cjs-resolves-to-esm'],
      {
        cwd: root.pathname,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(result.stdout) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
  }, 120_000);

  it('keeps VERSION in step with package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it('loads the root entry without Arrow or a cloud SDK, in ESM and CJS', async () => {
    const probe = `
      const before = new Set(Object.keys(require.cache));
      const m = require('qwak-batch');
      const loaded = Object.keys(require.cache).filter((k) => !before.has(k));
      const heavy = loaded.filter((k) => /apache-arrow|@aws-sdk|@google-cloud|@grpc/.test(k));
      console.log(JSON.stringify({ heavy, names: ['ExecutionConfig', 'ConfigError'].filter((n) => n in m) }));`;
    const { stdout } = await run(process.execPath, ['-e', probe], { cwd: root.pathname });
    expect(JSON.parse(stdout)).toEqual({ heavy: [], names: ['ExecutionConfig', 'ConfigError'] });
    const esm = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('qwak-batch'); console.log(typeof m.ExecutionConfig, typeof m.QwakBatchError)",
      ],
      { cwd: root.pathname },
    );
    expect(esm.stdout.trim()).toBe('function function');
  });

  it('type-checks in a strict consumer with skipLibCheck off, ESM and CJS, with real nested config types', async () => {
    // Inside the package folder, so that `qwak-batch` resolves to this package by its own name.
    await mkdir(join(root.pathname, '.tmp'), { recursive: true });
    const dir = await mkdtemp(join(root.pathname, '.tmp', 'consumer-'));
    try {
      const body = (runner: string) => `${runner}
import type { LocalRunOptions, RunResult } from 'qwak-batch/runner';
import { getCodec } from 'qwak-batch/formats';
import { openStorage } from 'qwak-batch/storage';
import { ExecutionConfig, JobError } from 'qwak-batch';
const execution: ExecutionConfig.Execution = new ExecutionConfig.Execution({
  modelId: 'm', sourceFolder: 'file:///in', destinationFolder: 'file:///out', inputFileType: 'csv',
});
const resources: ExecutionConfig.Resources = new ExecutionConfig.Resources({ pods: 2 });
// @ts-expect-error a number is not an Execution: fails (unused directive) if the nested types were any
const wrong: ExecutionConfig.Execution = 42;
const options: LocalRunOptions = { modelId: 'm', sourceFolder: 'in', destinationFolder: 'out', inputFileType: 'csv' };
// Enum-like fields list their values for completion, in any casing, and still take other strings.
type FileTypeIn = ConstructorParameters<typeof ExecutionConfig.Execution>[0]['inputFileType'];
const completes: Extract<FileTypeIn, 'PARQUET'> = 'PARQUET';
const literal = new ExecutionConfig({
  execution: { modelId: 'm', sourceFolder: 'file:///in', destinationFolder: 'file:///out', inputFileType: completes,
    outputFileType: 'feather', advancedOptions: { purchaseOption: 'ondemand' } },
  resources: { gpuType: 'nvidia_t4', gpuAmount: 1 },
});
export const used = [execution, resources, wrong, options, getCodec, openStorage, JobError, BatchInferenceClient, literal];
export type Used = RunResult;
`;
      await writeFile(join(dir, 'esm.ts'), body("import { BatchInferenceClient } from 'qwak-batch/runner';"));
      const cjsImport =
        "import runner = require('qwak-batch/runner');\nconst { BatchInferenceClient } = runner;";
      await writeFile(join(dir, 'cjs.cts'), body(cjsImport));
      const tsc = new URL('node_modules/typescript/bin/tsc', root).pathname;
      const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
      const flags = [...args, '--target', 'es2022', '--skipLibCheck', 'false', '--types', 'node'];
      const result = await run(process.execPath, [tsc, ...flags, join(dir, 'esm.ts'), join(dir, 'cjs.cts')], {
        cwd: dir,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? 'tsc failed' }));
      expect(result.stdout).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
