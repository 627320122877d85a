import { afterEach, describe, expect, it } from 'vitest';
import type { BatchJobManagerClient } from '../../src/api/client.js';
import { AbortError, JobTimeoutError } from '../../src/errors.js';
import type { PlatformGrpcServer } from '../servers/platform-grpc.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { clientFor, sampleConfig, TOKEN } from './fixtures.js';
import { grpcClient, grpcServer } from './grpc/fixtures.js';

let rest: PlatformRestServer | undefined;
let grpc: PlatformGrpcServer | undefined;
let client: BatchJobManagerClient | undefined;
afterEach(async () => {
  await client?.close();
  await rest?.close();
  await grpc?.close();
  client = rest = grpc = undefined;
});

const config = sampleConfig();

describe('the reason of an aborted call', () => {
  it('AbortSignal.timeout() rejects a REST call with an AbortError, the TimeoutError as its cause', async () => {
    rest = await PlatformRestServer.start({ token: TOKEN });
    rest.script('start-job', { kind: 'slow', delayMs: 3000 });
    const error = await clientFor(rest, { token: TOKEN })
      .startExecution(config, { signal: AbortSignal.timeout(100) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).code).toBe('ABORTED');
    expect((error as Error).message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/.* was aborted$/);
    expect((error as AbortError).cause).toBeInstanceOf(DOMException);
    expect(((error as AbortError).cause as DOMException).name).toBe('TimeoutError');
  });

  it('AbortSignal.timeout() rejects a gRPC call and a wait with an AbortError', async () => {
    grpc = await grpcServer();
    const job = grpc.addJob({ modelId: 'churn', sourceBucket: 'b', sourceFolder: 'in' });
    client = grpcClient(grpc);
    grpc.cue('GetBatchJobStatus', { delayMs: 3000 });
    const call = await client
      .getExecutionStatus(job.id, { signal: AbortSignal.timeout(100) })
      .catch((e: unknown) => e);
    expect(call).toBeInstanceOf(AbortError);
    expect(((call as AbortError).cause as DOMException).name).toBe('TimeoutError');
    // Between polls: the sleep is stopped by the same kind of signal.
    const wait = await client
      .waitForExecution(job.id, { pollInterval: 10_000, signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect(wait).toBeInstanceOf(AbortError);
    expect(((wait as AbortError).cause as DOMException).name).toBe('TimeoutError');
  });

  it('a Node error with a code as the reason becomes an AbortError too', async () => {
    rest = await PlatformRestServer.start({ token: TOKEN });
    rest.script('start-job', { kind: 'slow', delayMs: 3000 });
    const controller = new AbortController();
    const reason = Object.assign(new Error('socket closed by the proxy'), { code: 'ECONNRESET' });
    setTimeout(() => controller.abort(reason), 100);
    const error = await clientFor(rest, { token: TOKEN })
      .startExecution(config, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe(reason);
  });

  it('one of our errors as the reason is thrown as it is (a job timeout stays a JobTimeoutError)', async () => {
    rest = await PlatformRestServer.start({ token: TOKEN });
    rest.script('start-job', { kind: 'slow', delayMs: 3000 });
    const controller = new AbortController();
    const reason = new JobTimeoutError(1);
    setTimeout(() => controller.abort(reason), 100);
    const error = await clientFor(rest, { token: TOKEN })
      .startExecution(config, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
  });
});
