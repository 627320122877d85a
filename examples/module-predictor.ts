/**
 * A local run with a module predictor in worker threads: examples/models/identity-scorer.mjs scores every
 * sample file, two files at a time, and writes Feather files. Parameters reach the module as environment
 * variables of its worker, as they reach a model on the platform.
 *
 *   npx tsx examples/module-predictor.ts [output-folder]
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BatchInferenceClient } from 'qwak-batch';

const output = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'qwak-batch-example-')));

const result = await new BatchInferenceClient().localFileRun({
  modelId: 'identity-scorer',
  sourceFolder: new URL('./data/', import.meta.url).href,
  destinationFolder: pathToFileURL(output).href,
  inputFileType: 'csv',
  outputFileType: 'feather',
  model: new URL('./models/identity-scorer.mjs', import.meta.url).href,
  executors: 2,
  parameters: { SCORE_WEIGHT: '2' },
  onProgress: (event) => {
    if (event.type === 'task-finished') {
      const { done, total, rowsPerSecond } = event.progress;
      console.log(
        `[${done}/${total}] ${event.row.source.split('/').pop()}: ${Math.round(rowsPerSecond)} rows/s`,
      );
    }
  },
});
console.log(
  `${result.status}: ${result.files.succeeded} of ${result.files.total} files, ${result.rowsOut} rows`,
);
