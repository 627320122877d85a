import { APIResponseError, ExecutionStartError } from '../../errors.js';
import type { StartExecutionResult } from '../results.js';

/** The path of the REST start-job call (WIRE.md). */
export const START_JOB_PATH = '/api/v1/batch-job/start-job';

/**
 * Reads the start-job answer `{"batch_id", "success", "failure_message"}` (lowerCamelCase accepted too). A
 * proto3 JSON gateway may leave out fields at their default, so a missing `success` means `false` and a
 * missing `failure_message` means empty. `success: false` throws {@link ExecutionStartError} (or its
 * DuplicateExecutionError); an answer of the wrong shape throws {@link APIResponseError}.
 */
export function readStartJobAnswer(
  body: unknown,
  call: { method: string; url: string },
): StartExecutionResult {
  const { method, url } = call;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new APIResponseError(`${method} ${url} answered ${describe(body)} instead of a JSON object`, call);
  }
  const record = body as Record<string, unknown>;
  const success = pick(record, 'success', 'success');
  const batchId = pick(record, 'batch_id', 'batchId');
  const failure = pick(record, 'failure_message', 'failureMessage');
  if (success !== undefined && typeof success !== 'boolean') {
    throw new APIResponseError(
      `${method} ${url} answered "success": ${describe(success)}, not a boolean`,
      call,
    );
  }
  if (batchId !== undefined && typeof batchId !== 'string') {
    throw new APIResponseError(
      `${method} ${url} answered "batch_id": ${describe(batchId)}, not a string`,
      call,
    );
  }
  if (failure !== undefined && typeof failure !== 'string') {
    throw new APIResponseError(
      `${method} ${url} answered "failure_message": ${describe(failure)}, not a string`,
      call,
    );
  }
  const failureMessage = failure ?? '';
  if (success !== true) throw ExecutionStartError.from(failureMessage, call);
  if (!batchId) {
    throw new APIResponseError(`${method} ${url} answered "success": true without a batch_id`, call);
  }
  return { executionId: batchId, success: true, failureMessage };
}

function pick(record: Record<string, unknown>, snake: string, camel: string): unknown {
  return record[snake] ?? record[camel];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
