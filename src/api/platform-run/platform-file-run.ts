import { ExecutionConfig } from '../../config/index.js';
import { APIResponseError, UsageError } from '../../errors.js';
import { getCodec } from '../../formats/index.js';
import { throwIfAborted } from '../../internal/abort.js';
import { createLocalStorage, openStorage, type StorageAdapter } from '../../storage/index.js';
import type { TemporaryAwsCredentials } from '../results.js';
import type { PlatformFileRunOptions, PlatformFileRunResult, PlatformRunManager } from './types.js';

/**
 * Runs local files on the platform, as the platform's Python client does: uploads the input files of
 * `config.execution.sourceFolder` (selected by the input type's extension) to the platform's bucket with the
 * temporary credentials of GetBatchJobUploadDetails, starts the execution there, waits for it, and downloads
 * the outputs into `destinationFolder` (created if missing; same names overwritten, only by complete files).
 */
export async function platformFileRun(
  manager: PlatformRunManager,
  options: PlatformFileRunOptions,
): Promise<PlatformFileRunResult> {
  const { config, signal } = options;
  const e = config.execution;
  const source = createLocalStorage(e.sourceFolder);
  const destination = createLocalStorage(e.destinationFolder);
  const inputCodec = getCodec(e.inputFileType);
  const outputCodec = getCodec(e.outputFileType);

  const inputs: string[] = [];
  for await (const object of source.list('', { extensions: inputCodec.extensions, signal }))
    inputs.push(object.key);
  if (inputs.length === 0) {
    throw new UsageError(
      `No ${e.inputFileType} files (${inputCodec.extensions.map((x) => `.${x}`).join(', ')}) in ${source.describe()}`,
    );
  }

  const upload = await manager.getUploadDetails(e.modelId, { signal });
  const uploadStore = await openStorage(`s3://${upload.bucket}/${upload.inputPath}`, {
    s3: { ...options.s3, credentials: credentialsOf(upload.credentials, 'GetBatchJobUploadDetails') },
  });
  const uploaded: string[] = [];
  try {
    for (const key of inputs) {
      throwIfAborted(signal, 'The platform file run');
      await uploadStore.write(key, source.readStream(key, { signal }), { signal });
      uploaded.push(uploadStore.describe(key));
    }
  } finally {
    await uploadStore.close?.();
  }

  const remote = new ExecutionConfig({
    execution: {
      ...e.toObject(),
      bucket: upload.bucket,
      sourceBucket: undefined,
      destinationBucket: undefined,
      sourceFolder: upload.inputPath,
      destinationFolder: upload.outputPath,
      accessTokenName: undefined,
      accessSecretName: undefined,
      serviceAccountKeySecretName: undefined,
    },
    resources: config.resources,
    warmup: config.warmup,
  });
  const { executionId } = await manager.startExecution(remote, { signal });
  const status = await manager.waitForExecution(executionId, {
    signal,
    pollInterval: options.pollInterval,
    timeout: options.timeout,
    onProgress: options.onProgress,
  });

  const download = await manager.getDownloadDetails(executionId, { signal });
  const s3 = {
    ...options.s3,
    credentials: credentialsOf(download.credentials, 'GetBatchJobDownloadDetails'),
  };
  const downloadStore = await openStorage(`s3://${download.bucket}/`, { s3 });
  const downloaded: string[] = [];
  try {
    const keys = download.keys.length
      ? [...download.keys]
      : await listOutputs(downloadStore, upload.outputPath, outputCodec.extensions, signal);
    for (const key of keys) {
      throwIfAborted(signal, 'The platform file run');
      const name = key.slice(key.lastIndexOf('/') + 1);
      if (!name) continue;
      await destination.write(name, downloadStore.readStream(key, { signal }), { signal });
      downloaded.push(destination.describe(name));
    }
  } finally {
    await downloadStore.close?.();
  }
  return { executionId, status, uploaded, downloaded };
}

/** The output keys under `folder` when the download details list none. */
async function listOutputs(
  store: StorageAdapter,
  folder: string,
  extensions: readonly string[],
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const prefix = folder.replace(/^\/+|\/+$/g, '');
  const keys: string[] = [];
  for await (const object of store.list(prefix ? `${prefix}/` : '', { extensions, signal }))
    keys.push(object.key);
  return keys;
}

function credentialsOf(
  credentials: TemporaryAwsCredentials | undefined,
  rpc: string,
): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  if (!credentials) throw new APIResponseError(`${rpc} answered without credentials`, { method: rpc });
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
  };
}
