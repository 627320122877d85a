import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchInferenceClient } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn, readOutput, sampleRows, tempDir, writeInput } from './fixtures.js';

const TYPES = ['csv', 'parquet', 'feather'] as const;
const EXT = { csv: 'csv', parquet: 'parquet', feather: 'feather' } as const;
const MODEL = new URL('./models/add-total.mjs', import.meta.url).href;

describe('localFileRun: every input x output format pair', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    for (const type of TYPES) {
      await mkdir(join(dir.path, `in-${type}`));
      await writeInput(join(dir.path, `in-${type}`, `part-1.${EXT[type]}`), type, sampleRows(30, 0));
      await writeInput(join(dir.path, `in-${type}`, `part-2.${EXT[type]}`), type, sampleRows(12, 100));
    }
  });
  afterAll(() => dir.cleanup());

  for (const input of TYPES) {
    for (const output of TYPES) {
      it(`${input} -> ${output} (module predictor in worker threads, parameters as env)`, async () => {
        const out = join(dir.path, `out-${input}-${output}`);
        const result = await new BatchInferenceClient().localFileRun({
          modelId: 'add-total',
          sourceFolder: `${dir.url}/in-${input}`,
          destinationFolder: `file://${out}`,
          inputFileType: input,
          outputFileType: output,
          model: MODEL,
          executors: 2,
          parameters: { FACTOR: '2', CLOSE_MARKER: join(dir.path, `closed-${input}-${output}`) },
        });
        // Each worker thread closed its model once at the end (one worker per file here: 2 files, 2 executors).
        expect(
          (await readFile(join(dir.path, `closed-${input}-${output}`), 'utf8')).split('\n').filter(Boolean),
        ).toHaveLength(2);
        expect(result.status).toBe('finished');
        expect(result.files).toMatchObject({ total: 2, succeeded: 2, failed: 0 });
        expect(result.rowsIn).toBe(42);
        expect(result.rowsOut).toBe(42);
        expect(await filesIn(out)).toEqual([`part-1.${EXT[output]}`, `part-2.${EXT[output]}`]);
        const rows = await readOutput(join(out, `part-2.${EXT[output]}`), output);
        expect(rows).toHaveLength(12);
        expect(rows[0]).toMatchObject({ id: 100, name: 'name-100', amount: 150, total: 300 });
        expect(String(rows[11]!.file)).toMatch(/^part-2\.\w+#1$/);
        const row = result.ledger[1]!;
        expect(row).toMatchObject({ status: 'succeeded', rowsIn: 12, rowsOut: 12 });
        expect(row.source).toBe(`${dir.url}/in-${input}/part-2.${EXT[input]}`);
        expect(row.destination).toBe(`file://${out}/part-2.${EXT[output]}`);
        expect(row.bytesOut).toBeGreaterThan(0);
      });
    }
  }

  it('a function predictor returning row objects runs on the calling thread, output type defaults to input', async () => {
    const out = join(dir.path, 'out-fn');
    const threadFiles: string[] = [];
    const result = await new BatchInferenceClient().localFileRun({
      modelId: 'fn',
      sourceFolder: `${dir.url}/in-parquet`,
      destinationFolder: out,
      inputFileType: 'PARQUET',
      model: (table, ctx) => {
        threadFiles.push(ctx.file);
        return table.toArray().map((r) => ({ id: Number(r.id), double: Number(r.amount) * 2, ok: true }));
      },
    });
    expect(result.outputFileType).toBe('parquet');
    expect(threadFiles).toHaveLength(2);
    const rows = await readOutput(join(out, 'part-1.parquet'), 'parquet');
    expect(rows[3]).toEqual({ id: 3, double: 9, ok: true });
  });
});
