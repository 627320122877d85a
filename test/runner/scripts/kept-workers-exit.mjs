// Child process of the kept-workers test: one run with workerIdleTimeout set and no close(); the process must
// still end by itself when its work is done.
const { BatchInferenceClient } = await import(process.env.RUNNER_MODULE);

const client = new BatchInferenceClient({ workerIdleTimeout: 600_000 });
const result = await client.localFileRun({
  modelId: 'kept',
  sourceFolder: process.env.SOURCE,
  destinationFolder: process.env.DEST,
  inputFileType: 'csv',
  model: process.env.MODEL,
  executors: 2,
  parameters: { CLOSE_LOG: process.env.CLOSE_LOG },
});
process.stdout.write(`${result.status}\n`);
