import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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
});
