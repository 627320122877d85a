import type { Table } from 'apache-arrow';
import { createTokenProvider, type TokenProviderOptions } from '../api/auth/token-provider.js';
import { DEFAULT_TIMEOUT_MS } from '../api/client-options.js';
import { authorizedRequest } from '../api/http/authorized-request.js';
import type { HttpContext } from '../api/http/request-json.js';
import { resolveRetryPolicy } from '../api/http/retry-policy.js';
import { joinUrl, parseSecureBaseUrl } from '../api/http/secure-url.js';
import { predictionRows } from '../api/realtime/prediction-rows.js';
import { toSplitFrame } from '../api/realtime/split-frame.js';
import { PredictorError, UsageError } from '../errors.js';
import type { PredictContext, PredictFunction } from './types.js';

/**
 * Options of {@link createRealtimePredictor}. The credentials and HTTP options are those of
 * {@link TokenProviderOptions} (documented there); `retry` and `timeout` apply to the predict requests too.
 */
export interface RealtimePredictorOptions
  extends Pick<
    TokenProviderOptions,
    'token' | 'apiKey' | 'authUrl' | 'fetch' | 'retry' | 'timeout' | 'logger' | 'env'
  > {
  /** The deployed model's id. Environment fallback: `QWAK_MODEL_ID`. Required. */
  readonly modelId?: string | undefined;
  /** A named variation of the deployment (`/v1/<model>/<variation>/predict`). @default none */
  readonly variation?: string | undefined;
  /**
   * The account's environment name; the endpoint is then `https://models.<environment>.qwak.ai`.
   * Environment fallback: `QWAK_ENVIRONMENT`. Ignored when `baseUrl` is given.
   */
  readonly environment?: string | undefined;
  /** Base URL of the models endpoint. Plain `http://` only to loopback addresses. @default `https://models.<environment>.qwak.ai` */
  readonly baseUrl?: string | undefined;
  /**
   * Rows sent per request: a file is predicted in slices of this many rows, one request after the other, and
   * the answers are concatenated.
   * @default 1000
   */
  readonly batchSize?: number | undefined;
}

/**
 * A predictor that sends each file's rows to a deployed model's real-time endpoint
 * (`POST https://models.<environment>.qwak.ai/v1/<model>/predict`, pandas "split" JSON, bearer token) and
 * returns the rows it answers. HTTP failures reject with the SDK's API errors; an answer that is not a frame
 * rejects with a {@link PredictorError}.
 */
export function createRealtimePredictor(options: RealtimePredictorOptions = {}): PredictFunction {
  const env = options.env ?? process.env;
  const modelId = options.modelId ?? env.QWAK_MODEL_ID;
  if (!modelId)
    throw new UsageError('createRealtimePredictor needs `modelId` (or QWAK_MODEL_ID in the environment)');
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(
      `batchSize must be a whole number of rows above 0, got ${String(options.batchSize)}`,
    );
  }
  const segments = [modelId, options.variation].filter((s): s is string => !!s).map(encodeURIComponent);
  const url = joinUrl(modelsBaseUrl(options, env), `/v1/${segments.join('/')}/predict`);
  const tokens = createTokenProvider({ ...options, env });
  const http: HttpContext = {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    retry: resolveRetryPolicy(options.retry),
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    logger: options.logger,
    secrets: () => tokens.secrets(),
  };

  return async (input: Table, context: PredictContext) => {
    const rows: Record<string, unknown>[] = [];
    for (let start = 0; start < input.numRows; start += batchSize) {
      const body = toSplitFrame(input, start, start + batchSize);
      const response = await authorizedRequest(http, tokens, {
        method: 'POST',
        url,
        body,
        signal: context?.signal,
      });
      const answer = predictionRows(response.body);
      if (!answer) {
        const shown = JSON.stringify(response.body)?.slice(0, 200) ?? 'an empty body';
        throw new PredictorError(
          `The real-time endpoint POST ${url} answered ${shown}, which is not a frame (expected a list of row objects or pandas "split" JSON)`,
          { file: context?.file },
        );
      }
      for (const row of answer) rows.push(row);
    }
    return rows;
  };
}

function modelsBaseUrl(
  options: RealtimePredictorOptions,
  env: Readonly<Record<string, string | undefined>>,
): URL {
  if (options.baseUrl) return parseSecureBaseUrl(options.baseUrl, 'baseUrl');
  const environment = options.environment ?? env.QWAK_ENVIRONMENT;
  if (!environment || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(environment)) {
    throw new UsageError(
      environment
        ? `environment must be the account's environment name (letters, digits, dashes), got ${JSON.stringify(environment)}`
        : 'createRealtimePredictor needs `environment` (your account name) or `baseUrl`, or QWAK_ENVIRONMENT',
    );
  }
  return new URL(`https://models.${environment.toLowerCase()}.qwak.ai`);
}
