/**
 * Starts a batch execution on the platform and prints its id.
 *
 *   QWAK_TOKEN=<token> QWAK_ENVIRONMENT=<your account> npx tsx examples/start-execution.ts
 *
 * (or QWAK_API_KEY instead of QWAK_TOKEN). The test suite runs it against a local stand-in of the platform by
 * setting QWAK_BATCH_BASE_URL to that server's address.
 */
import { BatchJobManagerClient, ExecutionConfig, ExecutionStartError } from 'qwak-batch';

const config = new ExecutionConfig({
  execution: new ExecutionConfig.Execution({
    modelId: 'churn-model',
    bucket: 'my-bucket',
    sourceFolder: 'batch/input',
    destinationFolder: 'batch/output',
    inputFileType: 'parquet',
    outputFileType: 'csv',
    parameters: { THRESHOLD: '0.5' },
  }),
  resources: new ExecutionConfig.Resources({ pods: 4, cpus: 1, memory: '512Mi' }),
});

// The address comes from QWAK_ENVIRONMENT (or QWAK_BATCH_BASE_URL), the token from QWAK_TOKEN or QWAK_API_KEY.
const client = new BatchJobManagerClient();
try {
  const { executionId } = await client.startExecution(config);
  console.log(`started execution ${executionId}`);
} catch (error) {
  if (error instanceof ExecutionStartError) {
    console.error(`the platform refused: ${error.failureMessage}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
