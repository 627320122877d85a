import {
  AbortError,
  QwakBatchError,
  StorageAccessDeniedError,
  StorageError,
  StorageNotFoundError,
  type StorageOperation,
} from '../../errors.js';

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

/** Turns an AWS SDK error into the matching {@link StorageError}; never returns the raw SDK error. */
export function mapS3Error(error: unknown, operation: StorageOperation, uri: string, bucket: string): Error {
  if (QwakBatchError.isInstance(error)) return error as Error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  if (name === 'AbortError')
    return new AbortError(`Storage ${operation} of ${uri} was aborted`, { cause: error });
  if (name === 'NoSuchBucket') {
    return new StorageNotFoundError(operation, uri, `the bucket "${bucket}" does not exist`, {
      cause: error,
    });
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return new StorageNotFoundError(operation, uri, 'no such object', { cause: error });
  }
  if (DENIED.has(name) || status === 403 || status === 401) {
    return new StorageAccessDeniedError(operation, uri, `access denied (${name})`, { cause: error });
  }
  const detail = status ? `HTTP ${status} ${name}` : name;
  return new StorageError(operation, uri, `${detail}: ${e?.message ?? String(error)}`, { cause: error });
}
