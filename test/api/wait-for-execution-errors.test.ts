import { afterEach, describe, expect, it } from 'vitest';
import { BatchJobManagerClient } from '../../src/api/client.js';
import type { PollErrorInfo } from '../../src/api/wait-for-execution.js';
import {
  APIConnectionError,
  APITimeoutError,
  AuthenticationError,
  InternalServerError,
  NotFoundError,
  OperationRefusedError,
  UsageError,
} from '../../src/errors.js';
import type { PlatformGrpcServer } from '../servers/platform-grpc.js';
import { freePort } from '../setup/free-port.js';
import { grpcClient, grpcServer, TOKEN } from './grpc/fixtures.js';

let server: PlatformGrpcServer | undefined;
let client: BatchJobManagerClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function unreachableClient(): Promise<BatchJobManagerClient> {
  const port = await freePort();
  return new BatchJobManagerClient({
    baseUrl: `http://127.0.0.1:${port}`,
    grpcUrl: `http://127.0.0.1:${port}`,
    token: TOKEN,
    env: {},
    retry: { maxAttempts: 1 },
    timeout: 2000,
  });
}

describe('waitForExecution when polls fail', () => {
  it('gives up on an unreachable platform after maxConsecutiveErrors polls, with the last error', async () => {
    client = await unreachableClient();
    const seen: PollErrorInfo[] = [];
    const started = Date.now();
    const error = await client
      .waitForExecution('job-1', {
        pollInterval: 5,
        maxConsecutiveErrors: 3,
        onPollError: (i) => seen.push(i),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/GetBatchJobStatus .* failed: UNAVAILABLE/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // One report per failed poll that is retried; the third failure rejects.
    expect(seen.map((i) => [i.consecutiveErrors, i.maxConsecutiveErrors])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(seen[0]!.error).toBeInstanceOf(APIConnectionError);
    expect(seen[0]!.retryIn).toBe(10);
    expect(seen[1]!.retryIn).toBe(20);
  });

  it('gives up after 5 failed polls by default', async () => {
    client = await unreachableClient();
    let reports = 0;
    await expect(
      client.waitForExecution('job-1', { pollInterval: 1, onPollError: () => reports++ }),
    ).rejects.toBeInstanceOf(APIConnectionError);
    expect(reports).toBe(4);
  });

  it('does not say "it keeps running" when its timeout passes before any poll answered', async () => {
    client = await unreachableClient();
    const error = await client
      .waitForExecution('job-1', { pollInterval: 100, timeout: 300, maxConsecutiveErrors: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).not.toContain('keeps running');
    expect((error as Error).message).toMatch(
      /^Waiting for execution job-1 gave up after 300 ms: the platform could not be reached, so its state is unknown \(GetBatchJobStatus .*UNAVAILABLE/,
    );
    expect((error as Error).cause).toBeInstanceOf(APIConnectionError);
  });

  it('counts only failed polls in a row: a poll that answers resets the count', async () => {
    server = await grpcServer();
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'b',
      sourceFolder: 'in',
      lifecycle: ['RUNNING', 'RUNNING', 'FINISHED'],
    });
    client = grpcClient(server, { retry: { maxAttempts: 1 } });
    server.cue(
      'GetBatchJobStatus',
      { code: 14 },
      { code: 14 },
      {
        answer: { success: true, job_status: 'BATCH_JOB_RUNNING_STATUS', finished_files: 0, total_files: 3 },
      },
      { code: 13 },
      { code: 14 },
    );
    const final = await client.waitForExecution(job.id, { pollInterval: 1, maxConsecutiveErrors: 3 });
    expect(final.status).toBe('finished');
  });

  it('rejects at once on an error that is not transient (NOT_FOUND, UNAUTHENTICATED, a refusal)', async () => {
    server = await grpcServer();
    client = grpcClient(server, { retry: { maxAttempts: 1 } });
    const job = server.addJob({
      modelId: 'churn',
      sourceBucket: 'b',
      sourceFolder: 'in',
      lifecycle: ['FINISHED'],
    });
    let reports = 0;
    const onPollError = () => reports++;
    server.cue('GetBatchJobStatus', { code: 5, details: 'no such job' });
    await expect(client.waitForExecution(job.id, { pollInterval: 1, onPollError })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    server.cue('GetBatchJobStatus', { code: 16 });
    await expect(client.waitForExecution(job.id, { pollInterval: 1, onPollError })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(client.waitForExecution('job-404', { pollInterval: 1, onPollError })).rejects.toBeInstanceOf(
      OperationRefusedError,
    );
    expect(server.callsOf('GetBatchJobStatus')).toHaveLength(3);
    expect(reports).toBe(0);
    server.cue('GetBatchJobStatus', { code: 13, details: 'boom' });
    const seen: Error[] = [];
    await client.waitForExecution(job.id, { pollInterval: 1, onPollError: (i) => seen.push(i.error) });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(InternalServerError);
  });

  it.each([
    [{ pollInterval: -5 }, 'pollInterval must be a number of milliseconds >= 0, got -5'],
    [{ pollInterval: Number.NaN }, 'pollInterval must be a number of milliseconds >= 0, got NaN'],
    [{ timeout: Number.NaN }, 'timeout must be a positive number of milliseconds, got NaN'],
    [{ timeout: 0 }, 'timeout must be a positive number of milliseconds, got 0'],
    [{ maxConsecutiveErrors: 0 }, 'maxConsecutiveErrors must be a whole number >= 1, got 0'],
    [{ maxConsecutiveErrors: 1.5 }, 'maxConsecutiveErrors must be a whole number >= 1, got 1.5'],
  ])('refuses %o with a UsageError naming the option', async (options, message) => {
    server = await grpcServer();
    client = grpcClient(server);
    const error = await client.waitForExecution('job-1', options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
    expect(server.calls).toEqual([]);
  });
});
