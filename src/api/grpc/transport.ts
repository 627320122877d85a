import { UsageError } from '../../errors.js';
import { throwIfAborted, toAbortError } from '../../internal/abort.js';
import { sleep } from '../../internal/sleep.js';
import type { TokenProvider } from '../auth/token-provider.js';
import type { Logger } from '../http/logger.js';
import { redact } from '../http/redact.js';
import { backoffDelay, type RetryPolicy } from '../http/retry-policy.js';
import { isLoopbackHost } from '../http/secure-url.js';
import { type GrpcServiceError, loadGrpcRuntime, SERVICE_NAME, type UnaryMethod } from './load.js';
import {
  GRPC_DEADLINE_EXCEEDED,
  GRPC_RESOURCE_EXHAUSTED,
  GRPC_UNAUTHENTICATED,
  GRPC_UNAVAILABLE,
  mapGrpcError,
} from './map-grpc-error.js';

/** The RPCs of BatchJobManagementService the SDK calls. */
export type BatchJobMethod =
  | 'StartBatchJob'
  | 'CancelBatchJob'
  | 'StartWarmupJob'
  | 'CancelWarmupJob'
  | 'GetBatchJobStatus'
  | 'GetBatchJobReport'
  | 'ListBatchJobs'
  | 'GetBatchJobDetails'
  | 'GetBatchJobPreSignedUploadUrl'
  | 'GetBatchJobPreSignedDownloadUrl'
  | 'GetBatchJobUploadDetails'
  | 'GetBatchJobDownloadDetails';

/** Options of {@link createGrpcTransport}. */
export interface GrpcTransportOptions {
  /**
   * Where the service listens: `https://host[:port]` (TLS, port 443 by default) or, for local test servers
   * only, `http://127.0.0.1:port` (no TLS).
   */
  readonly url: string;
  /** Hands out the bearer token sent as `authorization` metadata. */
  readonly tokens: TokenProvider;
  readonly retry: RetryPolicy;
  /** Deadline of each attempt, in milliseconds. */
  readonly timeout: number;
  readonly logger?: Logger | undefined;
  /** Source of randomness for the backoff jitter. */
  readonly random?: (() => number) | undefined;
}

/** Options of one call. */
export interface GrpcCallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Deadline of each attempt, in milliseconds. @default the transport's */
  readonly timeout?: number | undefined;
}

/** Unary calls to BatchJobManagementService with auth, deadlines, retries and the SDK's errors. */
export interface GrpcTransport {
  /** `host:port` of the channel. */
  readonly target: string;
  /**
   * Sends one request. Retries UNAVAILABLE, DEADLINE_EXCEEDED (and RESOURCE_EXHAUSTED when the policy retries
   * 429) with backoff; logs in again once after UNAUTHENTICATED when an API key is in use.
   */
  call<T>(method: BatchJobMethod, request: object, options?: GrpcCallOptions): Promise<T>;
  /** Closes the channel. */
  close(): void;
}

/** Opens a channel to the service (loading `@grpc/grpc-js` on first use). */
export async function createGrpcTransport(options: GrpcTransportOptions): Promise<GrpcTransport> {
  const { target, tls } = parseTarget(options.url);
  const runtime = await loadGrpcRuntime();
  const credentials = tls ? runtime.grpc.credentials.createSsl() : runtime.grpc.credentials.createInsecure();
  const client = new runtime.ServiceClient(target, credentials, {
    'grpc.keepalive_time_ms': 60_000,
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
  const scheme = tls ? 'grpcs' : 'grpc';
  const scrub = (text: string) => redact(text, options.tokens.secrets());

  const unary = (
    method: BatchJobMethod,
    request: object,
    token: string,
    timeout: number,
    signal?: AbortSignal,
  ) =>
    new Promise<unknown>((resolve, reject) => {
      const metadata = new runtime.grpc.Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      const fn = client[method] as UnaryMethod;
      const onAbort = () => call.cancel();
      const call = fn.call(
        client,
        request,
        metadata,
        { deadline: new Date(Date.now() + timeout) },
        (error, response) => {
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve(response);
        },
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  return {
    target,
    close: () => client.close(),
    async call<T>(method: BatchJobMethod, request: object, callOptions: GrpcCallOptions = {}): Promise<T> {
      const { signal } = callOptions;
      const timeout = callOptions.timeout ?? options.timeout;
      const url = `${scheme}://${target}/${SERVICE_NAME}/${method}`;
      let reloggedIn = false;
      for (let attempt = 1; ; attempt++) {
        throwIfAborted(signal, `${method} ${url}`);
        const token = await options.tokens.getToken(signal);
        let error: GrpcServiceError;
        try {
          return (await unary(method, request, token, timeout, signal)) as T;
        } catch (caught) {
          if (signal?.aborted) throw toAbortError(signal, `${method} ${url}`);
          error = caught as GrpcServiceError;
        }
        const mapped = mapGrpcError(error, method, url, scrub);
        if (error.code === GRPC_UNAUTHENTICATED && options.tokens.refreshable && !reloggedIn) {
          reloggedIn = true;
          options.logger?.debug?.(`${method} ${url}: UNAUTHENTICATED, logging in again`);
          options.tokens.invalidate(token);
          attempt--;
          continue;
        }
        if (attempt >= options.retry.maxAttempts || !isRetryable(options.retry, error.code)) {
          throw mapped;
        }
        const delay = backoffDelay(options.retry, attempt, options.random);
        options.logger?.warn?.(
          scrub(
            `${method} ${url}: ${mapped.message}; retry ${attempt} of ${options.retry.maxAttempts - 1} in ${delay} ms`,
          ),
        );
        await sleep(delay, signal);
      }
    },
  };
}

function isRetryable(policy: RetryPolicy, code: number): boolean {
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return true;
  return code === GRPC_RESOURCE_EXHAUSTED && policy.statusCodes.includes(429);
}

/** `host:port` and whether to use TLS; plain text only to loopback addresses. */
export function parseTarget(value: string): { target: string; tls: boolean } {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new UsageError(`grpcUrl is not a valid URL: ${JSON.stringify(value)}`, { cause });
  }
  if (url.protocol === 'https:' || url.protocol === 'grpcs:') {
    return { target: `${url.hostname}:${url.port || 443}`, tls: true };
  }
  if ((url.protocol === 'http:' || url.protocol === 'grpc:') && isLoopbackHost(url.hostname)) {
    return { target: `${url.hostname}:${url.port || 80}`, tls: false };
  }
  throw new UsageError(
    `grpcUrl ${url.protocol}//${url.host} would send the token unencrypted; use https:// (plain http:// is allowed for loopback addresses only)`,
  );
}
