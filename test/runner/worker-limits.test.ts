import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, JobError } from '../../src/errors.js';
import { BatchInferenceClient, runResultOf } from '../../src/runner/batch-inference-client.js';
import { readOutput, sampleRows, tempDir, writeInput } from './fixtures.js';

const MODEL = fileURLToPath(new URL('./models/limits-model.mjs', import.meta.url));

describe('workerResourceLimits', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir.path, 'in'));
    await writeInput(join(dir.path, 'in', 'a.csv'), 'csv', sampleRows(4));
    await mkdir(join(dir.path, 'mixed'));
    await writeInput(join(dir.path, 'mixed', 'b.csv'), 'csv', sampleRows(4));
    await writeInput(join(dir.path, 'mixed', 'a-hog.csv'), 'csv', sampleRows(4));
  });
  afterAll(() => dir.cleanup());

  const run = (name: string, extra: object, source = 'in') =>
    new BatchInferenceClient().localFileRun({
      modelId: 'm',
      sourceFolder: join(dir.path, source),
      destinationFolder: join(dir.path, name),
      inputFileType: 'csv',
      model: MODEL,
      executors: 1,
      ...extra,
    });

  it('starts workers with a 4 MB young heap by default, and with the limits given', async () => {
    await run('default', {});
    const [byDefault] = (await readOutput(join(dir.path, 'default', 'a.csv'), 'csv')) as { old: number }[];
    // The old heap keeps V8's own limit, far above any set here.
    expect(byDefault).toEqual({ rows: 4, young: 4, old: expect.any(Number) });
    expect(byDefault!.old).toBeGreaterThan(256);
    await run('given', {
      workerResourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 },
    });
    expect(await readOutput(join(dir.path, 'given', 'a.csv'), 'csv')).toEqual([
      { rows: 4, young: 16, old: 256 },
    ]);
  });

  it('fails the task of a model past its heap limit, not the process; the next file gets a new worker', async () => {
    const error = await run(
      'hog-out',
      { workerResourceLimits: { maxOldGenerationSizeMb: 48 }, maxFailedFiles: 1 },
      'mixed',
    )
      .then(() => undefined)
      .catch((e: unknown) => e);
    // One failure is tolerated: the run finishes, with the hog's row failed and the other file written.
    expect(error).toBeUndefined();
    const again = await run(
      'hog-out2',
      { workerResourceLimits: { maxOldGenerationSizeMb: 48 } },
      'mixed',
    ).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(JobError);
    const row = runResultOf(again)!.ledger.find((r) => r.source.endsWith('a-hog.csv'))!;
    expect(row.status).toBe('failed');
    expect(row.error!.message).toMatch(/a-hog\.csv/);
    expect(row.error!.message).toMatch(/ran out of memory.*workerResourceLimits/);
    expect(await readOutput(join(dir.path, 'hog-out', 'b.csv'), 'csv')).toEqual([
      { rows: 4, young: 4, old: 48 },
    ]);
  }, 60_000);

  it('refuses limits that are not numbers of MB, or not limits, naming the field', async () => {
    const error = await run('bad', {
      workerResourceLimits: { maxOldGenerationSizeMb: -1, maxYoung: 8 } as never,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /workerResourceLimits\.maxOldGenerationSizeMb: must be a number of MB > 0; got -1/,
    );
    expect((error as Error).message).toMatch(/workerResourceLimits\.maxYoung: is not a worker limit/);
  });
});
