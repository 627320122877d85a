import { afterEach, describe, expect, it } from 'vitest';
import { BatchJobManagerClient } from '../../../src/api/client.js';
import {
  AbortError,
  APIConnectionError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UsageError,
} from '../../../src/errors.js';
import type { PlatformGrpcServer } from '../../servers/platform-grpc.js';
import { PlatformRestServer } from '../../servers/platform-rest.js';
import { API_KEY } from '../fixtures.js';
import { grpcClient, grpcServer, TOKEN } from './fixtures.js';

let server: PlatformGrpcServer;
let client: BatchJobManagerClient;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

describe('gRPC transport', () => {
  it('sends the bearer token and a deadline with every call', async () => {
    server = await grpcServer();
    client = grpcClient(server, { timeout: 1500 });
    const before = Date.now();
    await client.getUploadDetails('churn-model');
    const [call] = server.callsOf('GetBatchJobUploadDetails');
    expect(call!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call!.deadline! - before).toBeGreaterThan(1000);
    expect(call!.deadline! - before).toBeLessThan(3000);
    expect(server.violations).toEqual([]);
  });

  it('retries UNAVAILABLE with backoff', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    server.cue('GetBatchJobUploadDetails', { code: 14 }, { code: 14 });
    const details = await client.getUploadDetails('churn-model');
    expect(details.bucket).toBe('platform-bucket');
    expect(server.callsOf('GetBatchJobUploadDetails')).toHaveLength(3);
  });

  it('retries DEADLINE_EXCEEDED and reports it as APITimeoutError once retries run out', async () => {
    server = await grpcServer();
    client = grpcClient(server, { timeout: 150 });
    server.cue('GetBatchJobUploadDetails', { delayMs: 1000 });
    expect((await client.getUploadDetails('m')).bucket).toBe('platform-bucket');
    server.cue('GetBatchJobUploadDetails', { delayMs: 1000 }, { delayMs: 1000 });
    const error = await client
      .withOptions({ retry: { maxAttempts: 2, initialDelay: 5 } })
      .getUploadDetails('m')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as APITimeoutError).url).toMatch(
      /^grpc:\/\/127\.0\.0\.1:\d+\/qwak\.batchjob\.BatchJobManagementService\/GetBatchJobUploadDetails$/,
    );
  });

  it('reports UNAVAILABLE as APIConnectionError once retries run out', async () => {
    server = await grpcServer();
    client = grpcClient(server, { retry: { maxAttempts: 2, initialDelay: 5 } });
    server.cue('CancelBatchJob', { code: 14, details: 'connection refused' }, { code: 14 });
    const error = await client.cancelExecution('job-9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
  });

  it('maps other codes to the status error classes, without retrying', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    const cases: [number, unknown][] = [
      [5, NotFoundError],
      [3, BadRequestError],
      [7, PermissionDeniedError],
    ];
    for (const [code, Class] of cases) {
      server.cue('GetBatchJobReport', { code, details: 'nope' });
      const error = await client.getExecutionReport('job-1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Class as new () => Error);
      expect((error as Error).message).toMatch(/nope/);
    }
    expect(server.callsOf('GetBatchJobReport')).toHaveLength(3);
    server.cue('GetBatchJobReport', { code: 8 }, { code: 8 }, { code: 8 }, { code: 8 });
    await expect(client.getExecutionReport('job-1')).rejects.toBeInstanceOf(RateLimitError);
    expect(server.callsOf('GetBatchJobReport')).toHaveLength(7);
  });

  it('logs in again once after UNAUTHENTICATED when an API key is in use', async () => {
    const auth = await PlatformRestServer.start({ apiKey: API_KEY });
    try {
      server = await grpcServer({ acceptToken: (t) => auth.issuedTokens.includes(t) });
      client = grpcClient(server, { token: undefined, apiKey: API_KEY, authUrl: auth.url });
      await client.getUploadDetails('m');
      auth.revokeTokens();
      server.cue('GetBatchJobUploadDetails', { code: 16 });
      await client.getUploadDetails('m');
      expect(auth.requestsTo('login')).toHaveLength(2);
      expect(server.callsOf('GetBatchJobUploadDetails').at(-1)!.authorization).toBe(
        `Bearer ${auth.issuedTokens[1]}`,
      );
      server.cue('GetBatchJobUploadDetails', { code: 16 }, { code: 16 });
      await expect(client.getUploadDetails('m')).rejects.toBeInstanceOf(AuthenticationError);
      expect(auth.requestsTo('login')).toHaveLength(3);
    } finally {
      await auth.close();
    }
  });

  it('does not log in again for a fixed token', async () => {
    server = await grpcServer({ acceptToken: () => false });
    client = grpcClient(server);
    const error = await client.getUploadDetails('m').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String(error)).not.toContain(TOKEN);
    expect(server.calls).toHaveLength(1);
  });

  it('cancels a call when the signal fires', async () => {
    server = await grpcServer();
    client = grpcClient(server);
    server.cue('GetBatchJobUploadDetails', { delayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(client.getUploadDetails('m', { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses plain text to a remote host', async () => {
    expect(
      () =>
        new BatchJobManagerClient({
          environment: 'acme',
          grpcUrl: 'http://grpc.acme.qwak.ai',
          token: TOKEN,
          env: {},
        }),
    ).toThrow(UsageError);
    const client = new BatchJobManagerClient({ environment: 'acme', token: TOKEN, env: {} });
    expect(client.grpcUrl).toBe('https://grpc.acme.qwak.ai:443');
  });
});
