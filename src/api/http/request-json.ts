import { APIConnectionError, APIResponseError, APIStatusError, APITimeoutError } from '../../errors.js';
import { anySignal, throwIfAborted, timeoutController, toAbortError } from '../../internal/abort.js';
import { sleep } from '../../internal/sleep.js';
import type { Logger } from './logger.js';
import { redact } from './redact.js';
import { backoffDelay, type RetryPolicy, retryAfterDelay } from './retry-policy.js';

/** The fetch function the SDK calls; `globalThis.fetch` unless one is injected. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** What every call shares: how to send, how long to wait, how to retry. */
export interface HttpContext {
  readonly fetch: FetchFunction;
  readonly retry: RetryPolicy;
  /** Per-attempt timeout, in milliseconds. */
  readonly timeout: number;
  readonly logger?: Logger | undefined;
  /** Values scrubbed from any text that reaches an error or a log line (tokens, API keys). */
  readonly secrets?: (() => readonly (string | undefined)[]) | undefined;
  /** Source of randomness for the backoff jitter (tests make it fixed). */
  readonly random?: (() => number) | undefined;
}

/** One JSON call. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  /** Extra request headers (e.g. `authorization`); never copied into errors. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON when given. */
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** Per-attempt timeout in milliseconds; the context's when absent. */
  readonly timeout?: number | undefined;
}

/** A successful (2xx) answer. `body` is the parsed JSON, or `undefined` for an empty body. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

const MAX_BODY_IN_ERROR = 4096;

/**
 * Sends one JSON request with the context's retry policy: network errors, per-attempt timeouts and the
 * policy's statuses are retried with exponential backoff (or the server's `Retry-After`), never after the
 * caller's signal fired. Throws {@link APIStatusError} subclasses, {@link APIConnectionError},
 * {@link APITimeoutError}, {@link APIResponseError} or an AbortError.
 */
export async function requestJson(ctx: HttpContext, req: HttpRequest): Promise<HttpResponse> {
  const what = `${req.method} ${req.url}`;
  const maxAttempts = ctx.retry.maxAttempts;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(req.signal, what);
    let delay: number;
    let reason: string;
    try {
      return await attemptOnce(ctx, req);
    } catch (error) {
      if (req.signal?.aborted) throw toAbortError(req.signal, what);
      if (attempt >= maxAttempts || !isRetryable(ctx.retry, error)) throw error;
      const status = error instanceof APIStatusError ? error : undefined;
      delay =
        (status && retryAfterDelay(ctx.retry, new Headers(status.headers))) ??
        backoffDelay(ctx.retry, attempt, ctx.random);
      reason = status ? `HTTP ${status.status}` : (error as Error).message;
    }
    ctx.logger?.warn?.(
      scrub(ctx, `${what}: ${reason}; retry ${attempt} of ${maxAttempts - 1} in ${delay} ms`),
    );
    await sleep(delay, req.signal);
  }
}

function isRetryable(policy: RetryPolicy, error: unknown): boolean {
  if (error instanceof APIStatusError) return policy.statusCodes.includes(error.status);
  return error instanceof APIConnectionError;
}

async function attemptOnce(ctx: HttpContext, req: HttpRequest): Promise<HttpResponse> {
  const { method, url } = req;
  const timeoutMs = req.timeout ?? ctx.timeout;
  const timer = timeoutController(timeoutMs, () => new APITimeoutError(`${method} ${url} timed out`));
  const signal = anySignal(req.signal, timer.signal);
  let response: Response;
  let text: string;
  try {
    response = await ctx.fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal,
    });
    // The body is read under the same timer: a server that sends headers and then stalls is a timeout too.
    text = await response.text();
  } catch (error) {
    if (req.signal?.aborted) throw toAbortError(req.signal, `${method} ${url}`);
    if (timer.signal.aborted) {
      throw new APITimeoutError(`${method} ${url} got no complete answer within ${timeoutMs} ms`, {
        method,
        url,
      });
    }
    throw new APIConnectionError(scrub(ctx, `${method} ${url} failed: ${describeNetworkError(error)}`), {
      cause: error,
      method,
      url,
    });
  } finally {
    timer.clear();
  }

  const headers = headersToRecord(response.headers);
  if (response.status < 200 || response.status >= 300) {
    // Scrubbed before it is cut, so that a secret cut at the end is still found.
    const body = scrub(ctx, text).slice(0, MAX_BODY_IN_ERROR);
    throw APIStatusError.from({
      method,
      url,
      status: response.status,
      // A proxy or a debugging server may echo the request's headers (the token) in its answer's.
      headers: scrubValues(ctx, headers),
      body,
      detail: detailOf(body),
    });
  }
  if (text.trim() === '') return { status: response.status, headers, body: undefined };
  try {
    return { status: response.status, headers, body: JSON.parse(text) };
  } catch (error) {
    const snippet = scrub(ctx, text).slice(0, 200);
    // V8's message quotes a few characters of the text (`Unexpected token 'k', ..."  key-S3CR"... is not
    // valid JSON`), where a secret may be cut and so escape the scrub: the cause keeps the message up to there.
    const cause = new SyntaxError(
      String((error as Error)?.message ?? error).replace(/,? *(?:\.\.\.)?".*$/s, ''),
    );
    throw new APIResponseError(
      `${method} ${url} answered HTTP ${response.status} with malformed JSON: ${JSON.stringify(snippet)}`,
      { cause, method, url },
    );
  }
}

function scrub(ctx: HttpContext, text: string): string {
  return ctx.secrets ? redact(text, ctx.secrets()) : text;
}

function scrubValues(ctx: HttpContext, record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) out[key] = scrub(ctx, value);
  return out;
}

/** The platform's own explanation in an error body, when it gave one. */
function detailOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.trim() ? body.trim().slice(0, 300) : undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  for (const key of ['failure_message', 'failureMessage', 'message', 'detail', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value) return value;
    if (typeof value === 'object' && value !== null) {
      const nested = (value as Record<string, unknown>).message;
      if (typeof nested === 'string' && nested) return nested;
    }
  }
  return undefined;
}

function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    if (key !== 'set-cookie') out[key] = value;
  });
  return out;
}

function describeNetworkError(error: unknown): string {
  const err = error as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = typeof err?.cause?.code === 'string' ? err.cause.code : undefined;
  const inner = typeof err?.cause?.message === 'string' ? err.cause.message : undefined;
  const outer = typeof err?.message === 'string' ? err.message : String(error);
  return `${outer}${inner && inner !== outer ? `: ${inner}` : ''}${code ? ` (${code})` : ''}`;
}
