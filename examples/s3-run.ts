/**
 * A local run over S3: uploads the sample CSV files to a bucket, runs the example model over them with the
 * input and output folders in that bucket, and prints the ledger.
 *
 *   S3_BUCKET=my-bucket AWS_REGION=eu-west-1 npx tsx examples/s3-run.ts
 *
 * Credentials come from the AWS SDK's usual chain (environment, profile, instance role). For an S3-compatible
 * server (MinIO, Ceph radosgw), also set S3_ENDPOINT=http://host:port (path-style addressing is then used).
 * Needs the optional peer dependencies: npm install @aws-sdk/client-s3 @aws-sdk/lib-storage
 */
import { readdir, readFile } from 'node:fs/promises';
import { BatchInferenceClient } from 'qwak-batch/runner';
import { openStorage, type StorageOptions } from 'qwak-batch/storage';

const bucket = process.env.S3_BUCKET;
if (!bucket) {
  console.error('Set S3_BUCKET (and S3_ENDPOINT for an S3-compatible server) to run this example.');
  process.exit(2);
}
const prefix = `qwak-batch-example/${Date.now()}`;
const storage: StorageOptions = {
  s3: {
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(process.env.S3_ENDPOINT ? { endpoint: process.env.S3_ENDPOINT, forcePathStyle: true } : {}),
  },
};

// Upload the samples, as a data pipeline would have left them.
const data = new URL('./data/', import.meta.url);
const input = await openStorage(`s3://${bucket}/${prefix}/input`, storage);
for (const name of await readdir(data)) {
  await input.write(name, new Uint8Array(await readFile(new URL(name, data))));
}
await input.close?.();

const result = await new BatchInferenceClient({ storage }).localFileRun({
  modelId: 'identity-scorer',
  sourceFolder: `s3://${bucket}/${prefix}/input`,
  destinationFolder: `s3://${bucket}/${prefix}/output`,
  inputFileType: 'csv',
  outputFileType: 'csv',
  model: new URL('./models/identity-scorer.mjs', import.meta.url).href,
});
for (const row of result.ledger) console.log(`${row.status}  ${row.destination}  ${row.rowsOut} rows`);
console.log(`${result.status}: ${result.files.succeeded} of ${result.files.total} files`);
