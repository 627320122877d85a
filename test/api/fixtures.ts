import { BatchJobManagerClient } from '../../src/api/client.js';
import type { BatchJobManagerClientOptions } from '../../src/api/client-options.js';
import { ExecutionConfig } from '../../src/config/index.js';
import type { PlatformRestServer } from '../servers/platform-rest.js';

export const TOKEN = 'tok_fixed_0123456789abcdef';
export const API_KEY = 'qwak_api_key_abcdef0123456789';

/** A config with every kind of field, so that the body check covers them all. */
export function sampleConfig(): ExecutionConfig {
  return new ExecutionConfig({
    execution: {
      modelId: 'churn-model',
      buildId: 'build-42',
      bucket: 'my-bucket',
      sourceFolder: 'batch/input',
      destinationFolder: 'batch/output',
      inputFileType: 'parquet',
      outputFileType: 'csv',
      accessTokenName: 'aws-token',
      accessSecretName: 'aws-secret',
      jobTimeout: 3600,
      fileTimeout: 600,
      parameters: { THRESHOLD: '0.5', MODE: 'a=b=c' },
      advancedOptions: { purchaseOption: 'spot', iamRoleArn: 'arn:aws:iam::123456789012:role/reader' },
    },
    resources: { pods: 4, cpus: 1, memory: 512 },
  });
}

/** A client for `server` with fast retries and no environment fallbacks. */
export function clientFor(server: PlatformRestServer, options: BatchJobManagerClientOptions = {}) {
  return new BatchJobManagerClient({
    baseUrl: server.url,
    authUrl: server.url,
    env: {},
    retry: { initialDelay: 10, maxDelay: 50 },
    timeout: 2000,
    ...options,
  });
}
