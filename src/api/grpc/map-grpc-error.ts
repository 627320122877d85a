import { APIConnectionError, APIStatusError, APITimeoutError, type ApiError } from '../../errors.js';
import type { GrpcServiceError } from './load.js';

/** gRPC status codes (stable across implementations) by number. */
export const GRPC_CODE_NAMES: Readonly<Record<number, string>> = {
  0: 'OK',
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  15: 'DATA_LOSS',
  16: 'UNAUTHENTICATED',
};

export const GRPC_UNAVAILABLE = 14;
export const GRPC_DEADLINE_EXCEEDED = 4;
export const GRPC_UNAUTHENTICATED = 16;
export const GRPC_RESOURCE_EXHAUSTED = 8;

/** The HTTP status that matches a gRPC code (as gRPC gateways map them), so one error class per status applies. */
const HTTP_FOR_CODE: Readonly<Record<number, number>> = {
  1: 499,
  2: 500,
  3: 400,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  15: 500,
  16: 401,
};

/**
 * The SDK error for a failed gRPC call: UNAVAILABLE → APIConnectionError, DEADLINE_EXCEEDED →
 * APITimeoutError, every other code → the APIStatusError subclass of its HTTP equivalent (UNAUTHENTICATED →
 * AuthenticationError, NOT_FOUND → NotFoundError, …) with the gRPC code name and details in the message.
 */
export function mapGrpcError(
  error: GrpcServiceError,
  method: string,
  url: string,
  secrets: (text: string) => string,
): ApiError {
  const name = GRPC_CODE_NAMES[error.code] ?? `code ${error.code}`;
  const details = secrets(error.details || error.message || '');
  // Not the raw grpc-js error: its message and metadata are not scrubbed of secrets.
  const cause = { grpcCode: error.code, grpcStatus: name, details };
  if (error.code === GRPC_UNAVAILABLE) {
    return new APIConnectionError(`${method} ${url} failed: ${name}: ${details}`, { method, url, cause });
  }
  if (error.code === GRPC_DEADLINE_EXCEEDED) {
    return new APITimeoutError(`${method} ${url} got no answer before its deadline (${name})`, {
      method,
      url,
      cause,
    });
  }
  return APIStatusError.from({
    method,
    url,
    status: HTTP_FOR_CODE[error.code] ?? 500,
    headers: { 'grpc-status': String(error.code) },
    detail: `${name}${details ? `: ${details}` : ''}`,
    cause,
  });
}
