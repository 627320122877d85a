import type { Logger } from './http/logger.js';
import type { FetchFunction } from './http/request-json.js';
import type { RetryPolicy } from './http/retry-policy.js';

/**
 * Options of {@link BatchJobManagerClient}. The client never changes the object it is given;
 * `client.withOptions(patch)` returns a new client.
 */
export interface BatchJobManagerClientOptions {
  /**
   * The account's environment name (bottom left of the dashboard); the API is then
   * `https://grpc.<environment>.qwak.ai`. Environment fallback: `QWAK_ENVIRONMENT`. Ignored when `baseUrl`
   * is given; one of `environment`, `baseUrl` and `grpcUrl` is required.
   */
  readonly environment?: string | undefined;
  /**
   * Base URL of the batch job manager's REST API, e.g. `https://grpc.acme.qwak.ai` (a path prefix is kept).
   * Plain `http://` only to loopback addresses. Environment fallback: `QWAK_BATCH_BASE_URL`.
   * @default `https://grpc.<environment>.qwak.ai`, or the origin of `grpcUrl` when only that is given
   */
  readonly baseUrl?: string | undefined;
  /**
   * A ready bearer token, used as is. Environment fallback: `QWAK_TOKEN`. Takes precedence over `apiKey`.
   * Never logged, never put into an error.
   */
  readonly token?: string | undefined;
  /**
   * An API key, exchanged for a token on first use (see `authUrl`); the token is cached until one minute
   * before its `exp` and replaced once after a 401. Environment fallback: `QWAK_API_KEY` (read only when
   * neither `token` nor `QWAK_TOKEN` is set). Never logged, never put into an error.
   */
  readonly apiKey?: string | undefined;
  /**
   * Base URL of the API key exchange (`POST <authUrl>/api/v1/authentication/qwak-api-key`).
   * @default 'https://grpc.qwak.ai'
   */
  readonly authUrl?: string | undefined;
  /**
   * Address of the gRPC service: `https://host[:port]` (TLS; plain `http://` only to loopback addresses).
   * @default `https://grpc.<environment>.qwak.ai:443`, or the host of `baseUrl`
   */
  readonly grpcUrl?: string | undefined;
  /** The fetch function for REST calls (for proxies, tracing, tests). @default globalThis.fetch */
  readonly fetch?: FetchFunction | undefined;
  /**
   * How failed calls are retried: network errors, per-attempt timeouts and HTTP 429, 502, 503, 504, with
   * exponential backoff and jitter, honouring `Retry-After`. Pass `{ maxAttempts: 1 }` to turn retries off.
   * @default { maxAttempts: 4, initialDelay: 500, maxDelay: 8000, backoffFactor: 2, jitter: 0.25, maxRetryAfter: 60000 }
   */
  readonly retry?: Partial<RetryPolicy> | undefined;
  /**
   * Timeout of each attempt of each call, in milliseconds (the whole answer must arrive in time). A call may
   * take up to `retry.maxAttempts` times this plus the waits between attempts.
   * @default 60000
   */
  readonly timeout?: number | undefined;
  /**
   * How calls reach the platform: `rest` (HTTPS JSON; only starting an execution) or `grpc` (every
   * operation; needs `@grpc/grpc-js`). Operations that exist only over gRPC use it whatever this says.
   * @default 'rest'
   */
  readonly transport?: 'rest' | 'grpc' | undefined;
  /** Receives one line per retry and per login. Never given a token or a key. @default none */
  readonly logger?: Logger | undefined;
  /** Where the environment fallbacks are read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Default per-attempt timeout, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;
