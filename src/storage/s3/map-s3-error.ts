import {
  AbortError,
  QwakBatchError,
  StorageAccessDeniedError,
  StorageError,
  StorageNotFoundError,
  type StorageOperation,
} from '../../errors.js';
import { safeCause, withSafeCause } from '../safe-cause.js';

const DENIED = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'Forbidden',
  'AllAccessDisabled',
  'CredentialsProviderError',
]);

/**
 * Fields of an AWS SDK error worth keeping in its copy: the status, request ids and attempts, whose fault.
 * Not `$response` (whose body stream leads to the request: its signature and `x-amz-security-token`), nor the
 * fields parsed from the answer (S3's `SignatureDoesNotMatch` lists the signed headers, session token
 * included, in `CanonicalRequest`).
 */
const KEPT_AWS_FIELDS = ['$metadata', '$fault'] as const;

/**
 * Turns an AWS SDK error into the matching {@link StorageError}; never returns the raw SDK error, nor keeps it
 * as `cause`: the cause is a copy without the request (see {@link safeCause}). A typed error made elsewhere in
 * the adapter (the role assumption wraps STS's error) passes through with the same treatment of its cause.
 */
export function mapS3Error(error: unknown, operation: StorageOperation, uri: string, bucket: string): Error {
  if (QwakBatchError.isInstance(error)) return withSafeCause(error as Error, { keep: KEPT_AWS_FIELDS });
  const cause = safeCause(error, { keep: KEPT_AWS_FIELDS });
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  if (name === 'AbortError') return new AbortError(`Storage ${operation} of ${uri} was aborted`, { cause });
  if (name === 'NoSuchBucket') {
    return new StorageNotFoundError(operation, uri, `the bucket "${bucket}" does not exist`, { cause });
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return new StorageNotFoundError(operation, uri, 'no such object', { cause });
  }
  if (DENIED.has(name) || status === 403 || status === 401) {
    return new StorageAccessDeniedError(operation, uri, `access denied (${name})`, { cause });
  }
  const detail = status ? `HTTP ${status} ${name}` : name;
  return new StorageError(operation, uri, `${detail}: ${e?.message ?? String(error)}`, { cause });
}
