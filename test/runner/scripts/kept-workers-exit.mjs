// Child process of the kept-workers test: two runs with workerIdleTimeout set and no close(). The second takes
// the first's threads, with nothing else keeping the process alive while it asks them what they loaded; the
// process must then still end by itself when its work is done.
const { BatchInferenceClient } = await import(process.env.RUNNER_MODULE);

const client = new BatchInferenceClient({ workerIdleTimeout: 600_000 });
const statuses = [];
for (const dest of [process.env.DEST, `${process.env.DEST}-2`]) {
  const result = await client.localFileRun({
    modelId: 'kept',
    sourceFolder: process.env.SOURCE,
    destinationFolder: dest,
    inputFileType: 'csv',
    model: process.env.MODEL,
    executors: 2,
    parameters: { CLOSE_LOG: process.env.CLOSE_LOG },
  });
  statuses.push(result.status);
}
process.stdout.write(`${statuses.join(' ')}\n`);
