// Child process of the SIGKILL test: runs a slow identity model over SOURCE into DEST and says on stdout
// when each predict call starts and ends, so that the test can kill it at a known point.
const { BatchInferenceClient } = await import(process.env.RUNNER_MODULE);

await new BatchInferenceClient().localFileRun({
  modelId: 'slow',
  sourceFolder: process.env.SOURCE,
  destinationFolder: process.env.DEST,
  inputFileType: 'parquet',
  outputFileType: 'feather',
  executors: 2,
  resume: process.env.RESUME === '1',
  model: async (table, { file }) => {
    process.stdout.write(`start ${file}\n`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    process.stdout.write(`end ${file}\n`);
    return table;
  },
  onProgress: (event) => {
    if (event.type === 'task-finished') process.stdout.write(`finished ${event.row.destination}\n`);
  },
});
process.stdout.write('complete\n');
