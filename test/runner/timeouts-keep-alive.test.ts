import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript, sampleRows, tempDir, writeInput } from './fixtures.js';

const RUNNER_MODULE = process.env.QWAK_RUNNER_MODULE ?? new URL('../../dist/runner.js', import.meta.url).href;
const SCRIPT = new URL('./scripts/hung-predictor.mjs', import.meta.url);

/** Runs the hung-predictor script under one kind of timeout; its exit code and what it printed. */
function runHung(kind: 'task' | 'job', dir: string): Promise<{ code: number | null; stdout: string }> {
  const env = { RUNNER_MODULE, SOURCE: join(dir, 'in'), DEST: join(dir, `out-${kind}`), TIMEOUT_KIND: kind };
  return runNodeScript(SCRIPT, env);
}

describe('timeouts over a predictor that holds nothing open', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir.path, 'in'));
    await writeInput(join(dir.path, 'in', 'a.csv'), 'csv', sampleRows(5));
  });
  afterAll(() => dir.cleanup());

  it('the task timeout ends the run with its error; the process does not exit before it', async () => {
    const { code, stdout } = await runHung('task', dir.path);
    expect(stdout.trim()).toBe('JOB_FAILED TASK_TIMEOUT');
    expect(code).toBe(0);
  });

  it('the job timeout ends the run with its error; the process does not exit before it', async () => {
    const { code, stdout } = await runHung('job', dir.path);
    expect(stdout.trim()).toMatch(/^JOB_TIMEOUT /);
    expect(code).toBe(0);
  });
});
