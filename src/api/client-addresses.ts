import { UsageError } from '../errors.js';
import type { BatchJobManagerClientOptions } from './client-options.js';
import { parseSecureBaseUrl } from './http/secure-url.js';

/**
 * The REST base URL: `baseUrl`, else `QWAK_BATCH_BASE_URL` (without `environment`), else from the environment
 * name, else the origin of `grpcUrl`.
 */
export function resolveBaseUrl(
  options: BatchJobManagerClientOptions,
  env: Readonly<Record<string, string | undefined>>,
): URL {
  if (options.baseUrl) return parseSecureBaseUrl(options.baseUrl, 'baseUrl');
  if (!options.environment && env.QWAK_BATCH_BASE_URL) {
    return parseSecureBaseUrl(env.QWAK_BATCH_BASE_URL, 'QWAK_BATCH_BASE_URL');
  }
  const environment = options.environment ?? env.QWAK_ENVIRONMENT;
  if (environment) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(environment)) {
      throw new UsageError(
        `environment must be the account's environment name (letters, digits, dashes), got ${JSON.stringify(environment)}`,
      );
    }
    return new URL(`https://grpc.${environment.toLowerCase()}.qwak.ai`);
  }
  // The gRPC-only operations need no REST address: the gRPC host serves both on the platform.
  if (options.grpcUrl) return new URL(parseSecureBaseUrl(options.grpcUrl, 'grpcUrl').origin);
  throw new UsageError(
    'No platform address: pass `environment` (your account name), `baseUrl` or `grpcUrl`, or set QWAK_ENVIRONMENT',
  );
}

/** The gRPC address as `scheme://host:port`: `grpcUrl`, else the host of the REST base URL on port 443. */
export function resolveGrpcUrl(options: BatchJobManagerClientOptions, base: URL): string {
  if (options.grpcUrl) {
    const url = parseSecureBaseUrl(options.grpcUrl, 'grpcUrl');
    return `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  }
  return `${base.protocol}//${base.host}${base.port ? '' : base.protocol === 'https:' ? ':443' : ':80'}`;
}

/** `rest` (default) or `grpc`; anything else is a UsageError. */
export function resolveTransport(value: BatchJobManagerClientOptions['transport']): 'rest' | 'grpc' {
  if (value === undefined || value === 'rest' || value === 'grpc') return value ?? 'rest';
  throw new UsageError(`transport must be 'rest' or 'grpc', got ${JSON.stringify(value)}`);
}

/** A positive number of milliseconds, or `fallback` when unset; anything else is a UsageError. */
export function positiveOr(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}
