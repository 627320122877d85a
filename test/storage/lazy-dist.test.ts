import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dist = resolve('dist/storage.js');
const hook = resolve('test/storage/fixtures/register-sdk-hook.mjs');
const built = existsSync(dist);

/** Runs `code` as an ES module in a fresh node with the SDK-watching hook; returns stdout and the SDKs seen. */
async function probe(code: string, hideSdks = false) {
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', hook, '--input-type=module', '-e', code],
    {
      env: { ...process.env, QB_HIDE_SDKS: hideSdks ? '1' : '0', NODE_NO_WARNINGS: '1' },
    },
  );
  return { stdout: stdout.trim(), sdks: stderr.split('\n').filter((l) => l.startsWith('SDK ')) };
}

describe.skipIf(!built)(
  `the built package loads cloud SDKs only on first use${built ? '' : ' (skipped: run `npx tsup` first)'}`,
  () => {
    it('qwak-batch/storage, /s3 and /gcs load no SDK at import, and a local folder needs none', async () => {
      const { stdout, sdks } = await probe(`
      const m = await import(${JSON.stringify(dist)});
      await import(${JSON.stringify(resolve('dist/s3.js'))});
      await import(${JSON.stringify(resolve('dist/gcs.js'))});
      const local = await m.openStorage('file:///tmp');
      console.log(local.scheme);`);
      expect(stdout).toBe('file');
      expect(sdks).toEqual([]);
    });

    it('opening s3:// loads @aws-sdk/client-s3, gs:// loads @google-cloud/storage', async () => {
      const { sdks } = await probe(`
      const m = await import(${JSON.stringify(dist)});
      await m.openStorage('s3://bkt/x', { s3: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } } });
      await m.openStorage('gs://bkt/x', { gcs: { apiEndpoint: 'http://127.0.0.1:9' } });`);
      expect(sdks).toContain('SDK @aws-sdk/client-s3');
      expect(sdks).toContain('SDK @google-cloud/storage');
    });

    it('a missing SDK is a MissingDependencyError naming the package', async () => {
      const { stdout } = await probe(
        `
      const m = await import(${JSON.stringify(dist)});
      for (const uri of ['s3://bkt/x', 'gs://bkt/x']) {
        const e = await m.openStorage(uri).catch((error) => error);
        console.log(e.name, e.packageName, e.message);
      }`,
        true,
      );
      const lines = stdout.split('\n');
      expect(lines[0]).toMatch(
        /^MissingDependencyError @aws-sdk\/client-s3 .*npm install @aws-sdk\/client-s3/,
      );
      expect(lines[1]).toMatch(
        /^MissingDependencyError @google-cloud\/storage .*npm install @google-cloud\/storage/,
      );
    });
  },
);
