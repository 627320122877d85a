import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchInferenceClient } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn, readOutput, sampleRows, tempDir, writeInput } from './fixtures.js';

// The built runner the child process imports (vitest's module resolution does not reach a child).
const RUNNER_MODULE = process.env.QWAK_RUNNER_MODULE ?? new URL('../../dist/runner.js', import.meta.url).href;
const CHILD = new URL('./scripts/slow-run.mjs', import.meta.url);
const FILES = 12;

describe('a run killed with SIGKILL, then resumed', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir.path, 'in'));
    for (let i = 0; i < FILES; i++) {
      await writeInput(
        join(dir.path, 'in', `part-${String(i).padStart(2, '0')}.parquet`),
        'parquet',
        sampleRows(50, i * 1000),
      );
    }
  });
  afterAll(() => dir.cleanup());

  it('leaves only complete outputs; resume: true completes the rest, no temp files', async () => {
    const out = join(dir.path, 'out');
    const child = spawn(process.execPath, [CHILD.pathname], {
      env: { ...process.env, RUNNER_MODULE, SOURCE: join(dir.path, 'in'), DEST: out },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let finished = 0;
    let inPredict = 0;
    let buffered = '';
    const killedAt = await new Promise<number>((resolve, reject) => {
      child.on('exit', (code, signal) => reject(new Error(`child ended early: ${code ?? signal}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith('start ')) inPredict++;
          else if (line.startsWith('end ')) inPredict--;
          else if (line.startsWith('finished ')) finished++;
          // Killed while both tasks are inside predict(), with some files done and some still to do.
          if (finished >= 3 && inPredict === 2 && !child.killed) {
            child.removeAllListeners('exit');
            child.kill('SIGKILL');
            resolve(finished);
          }
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    // A temp file may be left too (an output being flushed while the next tasks predict): not an output, and
    // the resumed run sweeps it.
    const afterKill = (await filesIn(out)).filter((name) => !name.startsWith('.qwak-tmp-'));
    expect(afterKill.length).toBeGreaterThanOrEqual(killedAt);
    expect(afterKill.length).toBeLessThan(FILES);

    const result = await new BatchInferenceClient().localFileRun({
      modelId: 'slow',
      sourceFolder: join(dir.path, 'in'),
      destinationFolder: out,
      inputFileType: 'parquet',
      outputFileType: 'feather',
      resume: true,
      model: (t) => t,
    });
    expect(result.files.skipped).toBe(afterKill.length);
    expect(result.files.succeeded).toBe(FILES - afterKill.length);
    const names = await filesIn(out);
    expect(names).toEqual(
      Array.from({ length: FILES }, (_, i) => `part-${String(i).padStart(2, '0')}.feather`),
    );
    for (let i = 0; i < FILES; i++) {
      const rows = await readOutput(join(out, names[i]!), 'feather');
      expect(rows).toHaveLength(50);
      expect(rows[49]).toEqual({
        id: i * 1000 + 49,
        name: `name-${i * 1000 + 49}`,
        amount: (i * 1000 + 49) * 1.5,
      });
    }
  });
});
