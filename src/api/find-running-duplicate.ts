import type { ExecutionConfig } from '../config/index.js';
import { resolveBucketPath } from './rest/start-job-body.js';
import type { ExecutionDetails, ExecutionSummary } from './results.js';

/** What the search needs from the client. */
export interface ExecutionLister {
  listExecutions(
    modelId: string,
    buildId: string | undefined,
    options: { signal?: AbortSignal | undefined },
  ): AsyncIterable<ExecutionSummary>;
  getExecutionDetails(id: string, options: { signal?: AbortSignal | undefined }): Promise<ExecutionDetails>;
}

/**
 * The id of an execution in progress that the platform would call a duplicate of `config`: same model,
 * build, source and destination bucket and folder (WIRE.md). Lists the model's executions (ListBatchJobs),
 * then reads the details of those in progress to compare buckets and folders. `undefined` when none matches.
 */
export async function findRunningDuplicate(
  lister: ExecutionLister,
  config: ExecutionConfig,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const e = config.execution;
  const source = resolveBucketPath(config, 'source');
  const destination = resolveBucketPath(config, 'destination');
  for await (const summary of lister.listExecutions(e.modelId, e.buildId, { signal })) {
    const inProgress =
      summary.status === 'committed' || summary.status === 'pending' || summary.status === 'running';
    if (!inProgress || (e.buildId && summary.buildId && summary.buildId !== e.buildId)) continue;
    const details = await lister.getExecutionDetails(summary.executionId, { signal });
    const files = details.files;
    if (
      files &&
      files.sourceBucket === source.bucket &&
      files.destinationBucket === destination.bucket &&
      samePath(files.sourcePath, source.folder) &&
      samePath(files.destinationPath, destination.folder)
    ) {
      return summary.executionId;
    }
  }
  return undefined;
}

/** Folders compare without leading or trailing slashes (`a/b/` is `a/b`). */
function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/^\/+|\/+$/g, '');
  return norm(a) === norm(b);
}
