import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'test/notebook/run-notebook.sh');
const run = promisify(execFile);

function missing(): string | undefined {
  if (!existsSync('/usr/bin/python3')) return '/usr/bin/python3 is missing';
  if (!existsSync('/usr/lib/python3/dist-packages/nbconvert')) {
    return 'Jupyter is missing: apt-get install -y --no-install-recommends jupyter-notebook python3-nbconvert jupyter-client';
  }
  if (!existsSync(join(ROOT, 'node_modules/.bin/tslab'))) return 'tslab is not installed (npm ci)';
  return undefined;
}
const why = missing();
if (why && (process.env.CI === 'true' || process.env.CI === '1')) throw new Error(`CI=true and ${why}`);

async function runNotebook(path?: string) {
  try {
    const { stdout, stderr } = await run('bash', [SCRIPT, ...(path ? [path] : [])], {
      cwd: ROOT,
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-notebook-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(why)(`examples/notebook.ipynb with tslab and nbconvert ${why ?? ''}`, () => {
  it('runs every cell without an error', async () => {
    const result = await runNotebook();
    expect(result.stderr).not.toContain('CellExecutionError');
    expect(result.stdout).toMatch(/run-notebook: \d+ code cells ran without an error/);
    expect(result.code).toBe(0);
  }, 240_000);

  it('fails when a cell throws', async () => {
    const broken = join(dir, 'broken.ipynb');
    await writeFile(
      broken,
      JSON.stringify({
        cells: [
          {
            cell_type: 'code',
            execution_count: null,
            metadata: {},
            outputs: [],
            source: "throw new Error('boom');",
          },
        ],
        metadata: { kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' } },
        nbformat: 4,
        nbformat_minor: 4,
      }),
    );
    const result = await runNotebook(broken);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('boom');
  }, 240_000);
});
