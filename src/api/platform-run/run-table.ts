import type { Table } from 'apache-arrow';
import { ExecutionConfig } from '../../config/index.js';
import { APIResponseError, StorageError, UsageError } from '../../errors.js';
import { getCodec } from '../../formats/index.js';
import type { ByteOutput } from '../../formats/types.js';
import { throwIfAborted } from '../../internal/abort.js';
import type { PlatformRunManager, RunTableOptions } from './types.js';

/**
 * Runs an Arrow table on the platform, as the Python client's `run(df, batch_size)`: splits it into files of
 * `batchSize` rows, uploads them through pre-signed URLs, runs the execution, downloads the outputs through
 * pre-signed URLs and concatenates them in input order. Resolves to the concatenated output table.
 */
export async function runTable(
  manager: PlatformRunManager,
  table: Table,
  options: RunTableOptions = {},
): Promise<Table> {
  const { signal } = options;
  const batchSize = options.batchSize ?? 100_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(
      `batchSize must be a whole number of rows above 0, got ${String(options.batchSize)}`,
    );
  }
  const modelId = options.config?.execution.modelId ?? options.modelId;
  if (!modelId) throw new UsageError('runTable needs `config` or `modelId`');
  if (table.numRows === 0) throw new UsageError('runTable got a table without rows');
  const inputType = options.fileType ?? options.config?.execution.inputFileType ?? 'parquet';
  const outputType = options.fileType ?? options.config?.execution.outputFileType ?? 'parquet';
  const inputCodec = getCodec(inputType);
  const outputCodec = getCodec(outputType);
  const fetchFn = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));

  const count = Math.ceil(table.numRows / batchSize);
  const upload = await manager.getPreSignedUploadUrls(modelId, count, inputType, { signal });
  if (upload.urls.length !== count) {
    throw new APIResponseError(
      `GetBatchJobPreSignedUploadUrl answered ${upload.urls.length} URLs for ${count} files`,
      { method: 'GetBatchJobPreSignedUploadUrl' },
    );
  }
  for (let i = 0; i < count; i++) {
    throwIfAborted(signal, 'runTable');
    const slice = table.slice(i * batchSize, Math.min(table.numRows, (i + 1) * batchSize));
    const bytes = await collect(
      await inputCodec.encode(slice, { signal, file: `part ${i + 1} of ${count}` }),
    );
    await transfer(fetchFn, 'write', upload.urls[i]!, { method: 'PUT', body: bytes, signal });
  }

  const base = options.config?.execution.toObject() ?? { modelId };
  const config = new ExecutionConfig({
    execution: {
      ...base,
      bucket: upload.bucket,
      sourceBucket: undefined,
      destinationBucket: undefined,
      sourceFolder: upload.inputPath,
      destinationFolder: upload.outputPath,
      inputFileType: inputType,
      outputFileType: outputType,
      accessTokenName: undefined,
      accessSecretName: undefined,
      serviceAccountKeySecretName: undefined,
    },
    resources: options.config?.resources,
    warmup: options.config?.warmup,
  });
  const { executionId } = await manager.startExecution(config, { signal });
  await manager.waitForExecution(executionId, {
    signal,
    pollInterval: options.pollInterval,
    timeout: options.timeout,
    onProgress: options.onProgress,
  });

  // Outputs keep their input's name, so sorting by object name restores the input order.
  const urls = [...(await manager.getPreSignedDownloadUrls(executionId, { signal }))].sort((a, b) =>
    objectName(a).localeCompare(objectName(b)),
  );
  const tables: Table[] = [];
  for (const url of urls) {
    throwIfAborted(signal, 'runTable');
    const response = await transfer(fetchFn, 'read', url, { method: 'GET', signal });
    const bytes = new Uint8Array(await response.arrayBuffer());
    tables.push(await outputCodec.decode(bytes, { signal, file: objectName(url) }));
  }
  if (tables.length === 0) {
    throw new APIResponseError(`Execution ${executionId} finished without output files`, {
      method: 'GetBatchJobPreSignedDownloadUrl',
    });
  }
  return tables[0]!.concat(...tables.slice(1));
}

/** Sends one request to a pre-signed URL; errors name the URL without its signature (the query). */
async function transfer(
  fetchFn: NonNullable<RunTableOptions['fetch']>,
  operation: 'read' | 'write',
  url: string,
  init: RequestInit,
): Promise<Response> {
  const shown = url.split('?')[0]!;
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (cause) {
    if (init.signal?.aborted) throwIfAborted(init.signal, 'runTable');
    throw new StorageError(operation, shown, `the request failed: ${(cause as Error).message}`, { cause });
  }
  if (!response.ok) {
    const body = (await response.text().catch(() => '')).slice(0, 300);
    throw new StorageError(operation, shown, `HTTP ${response.status}${body ? `: ${body}` : ''}`);
  }
  return response;
}

function objectName(url: string): string {
  const path = new URL(url).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

async function collect(output: ByteOutput): Promise<Uint8Array> {
  if (output instanceof Uint8Array) return output;
  const chunks: Uint8Array[] = [];
  for await (const chunk of output) chunks.push(chunk);
  return Buffer.concat(chunks);
}
