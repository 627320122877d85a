import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchInferenceClient } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GcsTestServer,
  gcsTestServer,
  type S3TestServer,
  s3TestServer,
} from '../helpers/storage-servers.js';
import { filesIn, readOutput, sampleRows, tempDir, writeInput } from './fixtures.js';

/** A server of the storage helper, or why it cannot be had (then the tests below skip, saying so). */
async function reach<T extends { available: boolean; skipReason?: string }>(get: () => Promise<T>) {
  try {
    return await get();
  } catch (error) {
    if (process.env.CI === 'true' || process.env.CI === '1') throw error;
    return {
      available: false,
      skipReason: `storage test servers unreachable: ${(error as Error).message}`,
    } as T;
  }
}

const s3 = await reach<S3TestServer>(s3TestServer);
const gcs = await reach<GcsTestServer>(gcsTestServer);

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir?.cleanup());

describe.skipIf(!s3.available)(`s3 -> file ${s3.skipReason ?? ''}`, () => {
  it('reads the inputs from a bucket (radosgw) and writes local outputs', async () => {
    const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const bucket = await s3.createBucket('runner');
    const client = new S3Client(s3.s3Options);
    try {
      await writeInput(join(dir.path, 'x.csv'), 'csv', sampleRows(40));
      const { readFile } = await import('node:fs/promises');
      const body = await readFile(join(dir.path, 'x.csv'));
      for (const key of ['input/a.csv', 'input/b.csv', 'input/skip.parquet', 'other/c.csv']) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      }
    } finally {
      client.destroy();
    }
    const out = join(dir.path, 's3-out');
    const result = await new BatchInferenceClient({ storage: { s3: s3.s3Options } }).localFileRun({
      modelId: 'm',
      sourceFolder: `s3://${bucket}/input`,
      destinationFolder: `file://${out}`,
      inputFileType: 'csv',
      outputFileType: 'parquet',
      model: (t) => t,
    });
    expect(result.ledger.map((r) => r.source)).toEqual([
      `s3://${bucket}/input/a.csv`,
      `s3://${bucket}/input/b.csv`,
    ]);
    expect(await filesIn(out)).toEqual(['a.parquet', 'b.parquet']);
    expect(await readOutput(join(out, 'b.parquet'), 'parquet')).toHaveLength(40);
  });
});

describe.skipIf(!gcs.available)(`file -> gs ${gcs.skipReason ?? ''}`, () => {
  it('reads local inputs and writes the outputs to a bucket (GCS JSON API)', async () => {
    const bucket = await gcs.createBucket('runner');
    const input = join(dir.path, 'gs-in');
    await mkdir(input, { recursive: true });
    await writeInput(join(input, 'one.feather'), 'feather', sampleRows(25));
    await writeInput(join(input, 'two.feather'), 'feather', sampleRows(5, 100));
    const result = await new BatchInferenceClient().localFileRun({
      modelId: 'm',
      sourceFolder: input,
      destinationFolder: `gs://${bucket}/results/`,
      inputFileType: 'feather',
      outputFileType: 'csv',
      model: (t) => t,
      storage: { gcs: gcs.gcsOptions },
    });
    expect(result.ledger.map((r) => r.destination)).toEqual([
      `gs://${bucket}/results/one.csv`,
      `gs://${bucket}/results/two.csv`,
    ]);
    const { Storage } = await import('@google-cloud/storage');
    const storage = new Storage({ apiEndpoint: gcs.endpoint, projectId: gcs.projectId });
    const [files] = await storage.bucket(bucket).getFiles({ prefix: 'results/' });
    expect(files.map((f) => f.name).sort()).toEqual(['results/one.csv', 'results/two.csv']);
    const [bytes] = await storage.bucket(bucket).file('results/two.csv').download();
    await writeFile(join(dir.path, 'two.csv'), bytes);
    expect(await readOutput(join(dir.path, 'two.csv'), 'csv')).toEqual(
      sampleRows(5, 100).map((r) => ({ ...r })),
    );
  });
});
