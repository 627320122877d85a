import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toStartJobBody } from '../../src/api/rest/start-job-body.js';
import {
  AbortError,
  APIConnectionError,
  APIResponseError,
  APITimeoutError,
  BadRequestError,
  DuplicateExecutionError,
  ExecutionStartError,
  InternalServerError,
  RateLimitError,
} from '../../src/errors.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { clientFor, sampleConfig, TOKEN } from './fixtures.js';

let server: PlatformRestServer;
const config = sampleConfig();

beforeEach(async () => {
  server = await PlatformRestServer.start({ token: TOKEN });
  server.expectedStartBody = JSON.parse(JSON.stringify(toStartJobBody(config)));
});
afterEach(async () => {
  await server.close();
});

describe('startExecution over REST', () => {
  it('posts the start-job body with the bearer token and returns the execution id', async () => {
    const result = await clientFor(server, { token: TOKEN }).startExecution(config);
    expect(result).toEqual({ executionId: 'exec-1', success: true, failureMessage: '' });
    expect(server.violations).toEqual([]);
    const [request] = server.requestsTo('start-job');
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toMatchObject({ model_id: 'churn-model', build_id: 'build-42' });
  });

  it('is refused by the server when the body differs from the config', async () => {
    server.expectedStartBody = { ...toStartJobBody(config), model_id: 'another-model' };
    await expect(clientFor(server, { token: TOKEN }).startExecution(config)).rejects.toBeInstanceOf(
      BadRequestError,
    );
    expect(server.violations[0]).toMatch(/differs from the expected one/);
  });

  it('accepts a lowerCamelCase answer', async () => {
    server.script('start-job', { kind: 'json', body: { batchId: 'b-7', success: true } });
    const result = await clientFor(server, { token: TOKEN }).startExecution(config);
    expect(result).toEqual({ executionId: 'b-7', success: true, failureMessage: '' });
  });

  it('retries a 503 and then succeeds', async () => {
    server.script('start-job', { kind: 'json', status: 503, body: { message: 'busy' } });
    const result = await clientFor(server, { token: TOKEN }).startExecution(config);
    expect(result.executionId).toBe('exec-1');
    expect(server.requestsTo('start-job')).toHaveLength(2);
    expect(server.violations).toEqual([]);
  });

  it('gives up after maxAttempts with an InternalServerError', async () => {
    const busy = { kind: 'json', status: 502, body: { message: 'bad gateway' } } as const;
    server.script('start-job', busy, busy, busy, busy);
    const error = await clientFor(server, { token: TOKEN, retry: { maxAttempts: 3, initialDelay: 5 } })
      .startExecution(config)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(502);
    expect((error as Error).message).toContain(
      '/api/v1/batch-job/start-job failed with HTTP 502: bad gateway',
    );
    expect(server.requestsTo('start-job')).toHaveLength(3);
  });

  it('honours Retry-After on a 429', async () => {
    server.script('start-job', { kind: 'json', status: 429, headers: { 'retry-after': '1' }, body: {} });
    await clientFor(server, { token: TOKEN }).startExecution(config);
    const [first, second] = server.requestsTo('start-job');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('cuts a long Retry-After to maxRetryAfter', async () => {
    server.script('start-job', { kind: 'json', status: 429, headers: { 'retry-after': '120' }, body: {} });
    await clientFor(server, { token: TOKEN, retry: { maxRetryAfter: 100 } }).startExecution(config);
    const [first, second] = server.requestsTo('start-job');
    expect(second!.at - first!.at).toBeLessThan(1000);
  });

  it('reports a RateLimitError when 429 persists', async () => {
    const limited = { kind: 'json', status: 429, headers: { 'retry-after': '0' }, body: {} } as const;
    server.script('start-job', limited, limited);
    await expect(
      clientFor(server, { token: TOKEN, retry: { maxAttempts: 2 } }).startExecution(config),
    ).rejects.toBeInstanceOf(RateLimitError);
  });

  it('retries a reset connection', async () => {
    server.script('start-job', { kind: 'reset' });
    const result = await clientFor(server, { token: TOKEN }).startExecution(config);
    expect(result.executionId).toBe('exec-1');
    expect(server.requestsTo('start-job')).toHaveLength(2);
  });

  it('reports a reset connection as APIConnectionError once retries run out', async () => {
    server.script('start-job', { kind: 'reset' }, { kind: 'reset' });
    const error = await clientFor(server, { token: TOKEN, retry: { maxAttempts: 2 } })
      .startExecution(config)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as APIConnectionError).method).toBe('POST');
  });

  it('times out an answer slower than the per-attempt timeout', async () => {
    server.script('start-job', { kind: 'slow', delayMs: 3000 });
    const started = Date.now();
    const error = await clientFor(server, { token: TOKEN, retry: { maxAttempts: 1 } })
      .startExecution(config, { timeout: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(/within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries after a timeout and takes the next answer', async () => {
    server.script('start-job', { kind: 'slow', delayMs: 3000 });
    const result = await clientFor(server, { token: TOKEN }).startExecution(config, { timeout: 300 });
    expect(result.executionId).toBe('exec-1');
    expect(server.requestsTo('start-job')).toHaveLength(2);
  });

  it('rejects malformed JSON with an APIResponseError, without retrying', async () => {
    server.script('start-job', { kind: 'raw', body: '{"batch_id": "x", ' });
    const error = await clientFor(server, { token: TOKEN })
      .startExecution(config)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIResponseError);
    expect((error as Error).message).toMatch(/malformed JSON/);
    expect(server.requestsTo('start-job')).toHaveLength(1);
  });

  it('rejects an answer of the wrong shape', async () => {
    server.script('start-job', { kind: 'json', body: { success: 'yes', batch_id: 'x' } });
    await expect(clientFor(server, { token: TOKEN }).startExecution(config)).rejects.toThrow(
      /"success": "yes", not a boolean/,
    );
    server.script('start-job', { kind: 'json', body: { success: true } });
    await expect(clientFor(server, { token: TOKEN }).startExecution(config)).rejects.toThrow(
      /without a batch_id/,
    );
  });

  it('turns success: false into an ExecutionStartError with the failure message', async () => {
    server.script('start-job', {
      kind: 'json',
      body: { batch_id: '', success: false, failure_message: 'model churn-model has no deployed build' },
    });
    const error = await clientFor(server, { token: TOKEN })
      .startExecution(config)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionStartError);
    expect(error).not.toBeInstanceOf(DuplicateExecutionError);
    expect((error as ExecutionStartError).failureMessage).toBe('model churn-model has no deployed build');
  });

  it('treats a missing success as false (proto3 JSON leaves out defaults)', async () => {
    server.script('start-job', { kind: 'json', body: { failureMessage: 'quota exceeded' } });
    const error = await clientFor(server, { token: TOKEN })
      .startExecution(config)
      .catch((e: unknown) => e);
    expect((error as ExecutionStartError).failureMessage).toBe('quota exceeded');
  });

  it('gives a DuplicateExecutionError for a duplicate of a running execution', async () => {
    server.script('start-job', {
      kind: 'json',
      body: { success: false, failure_message: 'Batch job with the same parameters is already running' },
    });
    await expect(clientFor(server, { token: TOKEN }).startExecution(config)).rejects.toBeInstanceOf(
      DuplicateExecutionError,
    );
  });

  it('does not retry a 400', async () => {
    server.script('start-job', { kind: 'json', status: 400, body: { message: 'bad pods' } });
    const error = await clientFor(server, { token: TOKEN })
      .startExecution(config)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).body).toContain('bad pods');
    expect(server.requestsTo('start-job')).toHaveLength(1);
  });

  it('stops waiting between retries when the caller aborts, and sends nothing more', async () => {
    server.script('start-job', { kind: 'json', status: 503, headers: { 'retry-after': '5' }, body: {} });
    const controller = new AbortController();
    const pending = clientFor(server, { token: TOKEN }).startExecution(config, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requestsTo('start-job')).toHaveLength(1);
  });

  it('aborts a call in flight', async () => {
    server.script('start-job', { kind: 'slow', delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user pressed ctrl-c')), 100);
    const error = await clientFor(server, { token: TOKEN })
      .startExecution(config, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('user pressed ctrl-c'));
    expect(server.requestsTo('start-job')).toHaveLength(1);
  });

  it('sends nothing when the signal has already fired', async () => {
    const error = await clientFor(server, { token: TOKEN })
      .startExecution(config, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });
});
