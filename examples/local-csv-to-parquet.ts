/**
 * A local run with a function predictor: the sample CSV files of examples/data in, Parquet files out.
 *
 *   npx tsx examples/local-csv-to-parquet.ts [output-folder]
 *
 * A function predictor runs on the calling thread; it gets one whole file as an Apache Arrow table and
 * returns a table or, as here, an array of row objects.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecutionConfig } from 'qwak-batch';
import { BatchInferenceClient, type PredictFunction } from 'qwak-batch/runner';

const output = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'qwak-batch-example-')));

const predict: PredictFunction = (table, { parameters }) => {
  const threshold = Number(parameters.THRESHOLD);
  return table.toArray().map((row) => {
    const customer = row.toJSON() as { customer_id: number; monthly_spend: number };
    return { customer_id: customer.customer_id, churn: customer.monthly_spend < threshold };
  });
};

const config = new ExecutionConfig({
  execution: {
    modelId: 'churn-model',
    sourceFolder: new URL('./data/', import.meta.url).href,
    destinationFolder: pathToFileURL(output).href,
    inputFileType: 'csv',
    outputFileType: 'parquet',
    parameters: { THRESHOLD: '30' },
  },
});

const result = await new BatchInferenceClient().localFileRun(config, { model: predict });
console.table(
  result.ledger.map((row) => ({
    file: row.destination.split('/').pop(),
    status: row.status,
    rows: row.rowsOut,
    bytes: row.bytesOut,
  })),
);
console.log(`${result.status}: ${result.rowsOut} rows written to ${output}`);
