// Child process of the syntax-error tests: runs MODEL (a module path) over SOURCE with THREADS=1 or 0, RUNS
// times (default 1), and prints, as one JSON line on stdout, the error the last run rejected with and its
// cause's stack. A child, because vitest's own module loader stands in for import() on the calling thread.
const { BatchInferenceClient } = await import(process.env.RUNNER_MODULE);

const client = new BatchInferenceClient();
let error;
for (let run = 0; run < Number(process.env.RUNS ?? 1); run++) {
  error = await client
    .localFileRun({
      modelId: 'm',
      sourceFolder: process.env.SOURCE,
      destinationFolder: `${process.env.DEST}-${run}`,
      inputFileType: 'csv',
      executors: 2,
      threads: process.env.THREADS === '1',
      model: process.env.MODEL,
    })
    .then(
      () => undefined,
      (e) => e,
    );
}
process.stdout.write(
  `${JSON.stringify({ name: error?.name, message: error?.message, causeStack: error?.cause?.stack })}\n`,
);
