// Child process of the timeout test: a function predictor whose promise never settles and holds nothing open,
// under a task or job timeout (TIMEOUT_KIND). The run must end with the timeout's error, not with the process
// exiting early (code 13, an unsettled top-level await) because nothing kept it alive.
const { BatchInferenceClient } = await import(process.env.RUNNER_MODULE);

const seconds = 0.3;
try {
  await new BatchInferenceClient().localFileRun({
    modelId: 'hung',
    sourceFolder: process.env.SOURCE,
    destinationFolder: process.env.DEST,
    inputFileType: 'csv',
    model: () => new Promise(() => {}),
    ...(process.env.TIMEOUT_KIND === 'job' ? { jobTimeout: seconds } : { taskTimeout: seconds }),
  });
  process.stdout.write('finished\n');
} catch (error) {
  const cause = error.cause;
  process.stdout.write(`${error.code} ${cause?.code ?? '-'}\n`);
}
