import { UsageError } from '../../errors.js';
import { throwIfAborted, toAbortError } from '../../internal/abort.js';
import type { Logger } from '../http/logger.js';
import type { FetchFunction, HttpContext } from '../http/request-json.js';
import { type RetryPolicy, resolveRetryPolicy } from '../http/retry-policy.js';
import { parseSecureBaseUrl } from '../http/secure-url.js';
import { exchangeApiKey } from './api-key-exchange.js';

/** Where the API key exchange lives by default (WIRE.md). */
export const DEFAULT_AUTH_URL = 'https://grpc.qwak.ai';

/** Options of {@link createTokenProvider}; the client passes its own through. */
export interface TokenProviderOptions {
  /**
   * A ready bearer token, used as is. Environment fallback: `QWAK_TOKEN`. Takes precedence over `apiKey`.
   */
  readonly token?: string | undefined;
  /**
   * An API key, exchanged for a token on first use and again shortly before that token expires or after a
   * 401. Environment fallback: `QWAK_API_KEY` (read only when neither `token` nor `QWAK_TOKEN` is set).
   */
  readonly apiKey?: string | undefined;
  /**
   * Base URL of the API key exchange. Plain `http://` only to loopback addresses.
   * @default 'https://grpc.qwak.ai'
   */
  readonly authUrl?: string | undefined;
  /** The fetch function. @default globalThis.fetch */
  readonly fetch?: FetchFunction | undefined;
  /**
   * Retries of each request made with these options, the API key exchange included (network errors, 429,
   * 502, 503, 504). @default see {@link RetryPolicy}
   */
  readonly retry?: Partial<RetryPolicy> | undefined;
  /**
   * Timeout of each attempt of each request made with these options, the API key exchange included, in
   * milliseconds. @default 60000
   */
  readonly timeout?: number | undefined;
  /**
   * How long before its expiry an exchanged token is replaced, in milliseconds.
   * @default 60000
   */
  readonly refreshMargin?: number | undefined;
  /** Receives one line per retry and per login; never a token or a key. @default none */
  readonly logger?: Logger | undefined;
  /**
   * Where the environment fallbacks are read: `QWAK_TOKEN` and `QWAK_API_KEY`, and those of the other options
   * given with these. @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Hands out the bearer token for calls to the platform. */
export interface TokenProvider {
  /** The current token, logging in first when there is none or it is about to expire. */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * Forgets the current token (after a 401), so that the next {@link getToken} logs in again. With
   * `rejected`, only when that is still the current token (another call may already have logged in again).
   */
  invalidate(rejected?: string): void;
  /** True when a new login can give a different token (an API key is in use), false for a fixed token. */
  readonly refreshable: boolean;
  /** The values to scrub from messages: the API key and the current token. */
  secrets(): readonly string[];
}

/**
 * A token provider from a token, an API key, or the environment (`QWAK_TOKEN`, then `QWAK_API_KEY`). Throws a
 * {@link UsageError} when none is given. Concurrent calls share one login.
 */
export function createTokenProvider(options: TokenProviderOptions = {}): TokenProvider {
  const env = options.env ?? process.env;
  const token = nonEmpty(options.token) ?? (options.apiKey ? undefined : nonEmpty(env.QWAK_TOKEN));
  if (token) return fixedToken(token);
  const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env.QWAK_API_KEY);
  if (!apiKey) {
    throw new UsageError(
      'No credentials for the platform: pass `token` or `apiKey`, or set QWAK_TOKEN or QWAK_API_KEY in the environment',
    );
  }
  return apiKeyProvider(apiKey, options);
}

function fixedToken(token: string): TokenProvider {
  return {
    refreshable: false,
    getToken: async (signal) => {
      throwIfAborted(signal, 'Getting a token');
      return token;
    },
    invalidate: () => {},
    secrets: () => [token],
  };
}

function apiKeyProvider(apiKey: string, options: TokenProviderOptions): TokenProvider {
  const authUrl = parseSecureBaseUrl(options.authUrl ?? DEFAULT_AUTH_URL, 'authUrl');
  const margin = options.refreshMargin ?? 60_000;
  let current: { token: string; expiresAt: number | undefined } | undefined;
  let pending: Promise<string> | undefined;
  const secrets = () => (current ? [apiKey, current.token] : [apiKey]);
  const ctx: HttpContext = {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    retry: resolveRetryPolicy(options.retry),
    timeout: options.timeout ?? 60_000,
    logger: options.logger,
    secrets,
  };

  const login = (): Promise<string> => {
    // One login serves every waiting caller; it runs without any one caller's signal so that one caller's
    // abort does not fail the others (each caller still stops waiting on its own abort).
    pending ??= exchangeApiKey(ctx, authUrl, apiKey)
      .then((result) => {
        current = result;
        options.logger?.debug?.(`Logged in with the API key at ${authUrl.origin}`);
        return result.token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  return {
    refreshable: true,
    async getToken(signal) {
      throwIfAborted(signal, 'Getting a token');
      if (current && (current.expiresAt === undefined || Date.now() < current.expiresAt - margin)) {
        return current.token;
      }
      return raceAbort(login(), signal);
    },
    invalidate(rejected) {
      if (rejected === undefined || current?.token === rejected) current = undefined;
    },
    secrets,
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(toAbortError(signal, 'Getting a token'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}
