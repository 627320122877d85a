import { status as grpcStatus } from '@grpc/grpc-js';
import { tableFromArrays } from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIResponseError,
  AuthenticationError,
  InternalServerError,
  PermissionDeniedError,
} from '../../src/errors.js';
import { createRealtimePredictor } from '../../src/predictors/realtime-endpoint.js';
import { expectNoSecret } from '../helpers/secret-exposures.js';
import { PlatformGrpcServer } from '../servers/platform-grpc.js';
import { PlatformModelsServer } from '../servers/platform-models.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { clientFor, sampleConfig } from './fixtures.js';
import { grpcClient } from './grpc/fixtures.js';

// The SDK promises that no token or API key can be read from an error it throws: not in its message, its
// stack, `util.inspect` at any depth, nor the JSON of anything along its cause chain. Each case drives a real
// call to a real local server into a failure, with distinctive secrets, some of them echoed by the server in
// its answer (body and headers), as a debugging proxy or a careless error page would.
const TOKEN = 'tok-S3CRET-bearer-7c1e2f0a9b8d';
const API_KEY = 'key-S3CRET-api-4d5e6f708192';
const config = sampleConfig();

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

async function restServer(options: { token?: string; apiKey?: string }) {
  const server = await PlatformRestServer.start(options);
  closers.push(() => server.close());
  return server;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the call was to fail'),
    (error: unknown) => error,
  );

describe('REST start-job failures show no token', () => {
  it('when the token is refused (401)', async () => {
    const server = await restServer({ token: 'tok-the-server-accepts-another' });
    const error = await failure(
      clientFor(server, { token: TOKEN, retry: { maxAttempts: 1 } }).startExecution(config),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.requestsTo('start-job')[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expectNoSecret(error, { token: TOKEN });
  });

  it('when the server fails (500) and echoes the request in its body and headers', async () => {
    const server = await restServer({ token: TOKEN });
    const echo = {
      kind: 'raw',
      status: 500,
      body: `{"message":"upstream said no to Bearer ${TOKEN}"}`,
      headers: { 'x-echo-authorization': `Bearer ${TOKEN}`, 'x-request-id': 'req-500' },
    } as const;
    server.script('start-job', echo, echo, echo);
    const error = await failure(
      clientFor(server, { token: TOKEN, retry: { maxAttempts: 2 } }).startExecution(config),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).requestId).toBe('req-500');
    expectNoSecret(error, { token: TOKEN });
  });

  it('when the connection is reset', async () => {
    const server = await restServer({ token: TOKEN });
    server.script('start-job', { kind: 'reset' }, { kind: 'reset' });
    const error = await failure(
      clientFor(server, { token: TOKEN, retry: { maxAttempts: 2 } }).startExecution(config),
    );
    expect(error).toBeInstanceOf(APIConnectionError);
    expectNoSecret(error, { token: TOKEN });
  });
});

describe('API key exchange failures show no key', () => {
  it('when the key is refused and echoed (401)', async () => {
    const server = await restServer({ apiKey: 'key-the-server-accepts-another' });
    server.echoSecrets = true;
    const error = await failure(clientFor(server, { apiKey: API_KEY }).startExecution(config));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(JSON.parse(server.requestsTo('login')[0]?.body ?? '{}')).toEqual({ qwakApiKey: API_KEY });
    expectNoSecret(error, { 'API key': API_KEY });
  });

  it('when the exchange fails (500) and echoes the request body in its answer and headers', async () => {
    const server = await restServer({ apiKey: API_KEY });
    const echo = {
      kind: 'raw',
      status: 500,
      body: `{"message":"bad body {\\"qwakApiKey\\":\\"${API_KEY}\\"}"}`,
      headers: { 'x-echo-body': `qwakApiKey=${API_KEY}` },
    } as const;
    server.script('login', echo, echo, echo);
    const error = await failure(
      clientFor(server, { apiKey: API_KEY, retry: { maxAttempts: 2 } }).startExecution(config),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expectNoSecret(error, { 'API key': API_KEY });
  });

  it('when the exchange answers 200 with malformed JSON that echoes the key', async () => {
    const server = await restServer({ apiKey: API_KEY });
    server.script('login', {
      kind: 'raw',
      status: 200,
      body: `${' '.repeat(190)}${API_KEY} is not valid here`,
    });
    const error = await failure(clientFor(server, { apiKey: API_KEY }).startExecution(config));
    expect(error).toBeInstanceOf(APIResponseError);
    expect((error as Error).message).toMatch(/malformed JSON/);
    // JSON.parse's own message quotes the first characters of the text: a cut secret, which no scrub finds.
    expectNoSecret(error, { 'API key': API_KEY, "the API key's first 10 characters": API_KEY.slice(0, 10) });
  });

  it('when the exchange succeeds and start-job then fails with the new token echoed', async () => {
    const server = await restServer({ apiKey: API_KEY });
    server.script('start-job', { kind: 'raw', status: 403, body: '{"message":"forbidden"}' });
    const client = clientFor(server, { apiKey: API_KEY });
    const error = await failure(client.startExecution(config));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    const issued = server.issuedTokens[0] as string;
    expectNoSecret(error, { 'API key': API_KEY, 'exchanged token': issued });
  });
});

describe('gRPC failures show no token', () => {
  async function grpc() {
    const server = await PlatformGrpcServer.start({ acceptToken: (t) => t === TOKEN });
    closers.push(() => server.close());
    return server;
  }

  it('when the token is refused (UNAUTHENTICATED)', async () => {
    const server = await grpc();
    const client = grpcClient(server, { token: 'tok-S3CRET-refused-0011223344' });
    closers.push(async () => client.close());
    const error = await failure(client.getExecutionStatus('exec-1'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecret(error, { token: 'tok-S3CRET-refused-0011223344' });
  });

  it('when the call fails (INTERNAL) with the token echoed in its details', async () => {
    const server = await grpc();
    server.cue('GetBatchJobStatus', {
      code: grpcStatus.INTERNAL,
      details: `metadata authorization=Bearer ${TOKEN}`,
    });
    const client = grpcClient(server, { token: TOKEN });
    closers.push(async () => client.close());
    const error = await failure(client.getExecutionStatus('exec-1'));
    expect(error).toBeInstanceOf(InternalServerError);
    expectNoSecret(error, { token: TOKEN });
  });

  it('when the call fails (UNAVAILABLE) after its retries', async () => {
    const server = await grpc();
    const down = { code: grpcStatus.UNAVAILABLE, details: 'down' };
    server.cue('GetBatchJobStatus', down, down, down);
    const client = grpcClient(server, {
      token: TOKEN,
      retry: { maxAttempts: 2, initialDelay: 5, maxDelay: 5 },
    });
    closers.push(async () => client.close());
    const error = await failure(client.getExecutionStatus('exec-1'));
    expect(error).toBeInstanceOf(APIConnectionError);
    expectNoSecret(error, { token: TOKEN });
  });
});

describe('real-time endpoint failures show no token or key', () => {
  const table = tableFromArrays({ x: Float64Array.from([1, 2]) });
  const context = {
    modelId: 'churn',
    buildId: undefined,
    parameters: {},
    file: 'a.csv',
    signal: new AbortController().signal,
  };

  async function models(token: string | ((t: string) => boolean)) {
    const server = await PlatformModelsServer.start({ modelId: 'churn', token });
    closers.push(() => server.close());
    return server;
  }

  it('when the endpoint fails (500) and echoes the token', async () => {
    const server = await models(TOKEN);
    const echo = {
      kind: 'raw',
      status: 500,
      body: `{"message":"Bearer ${TOKEN} broke it"}`,
      headers: { 'x-echo': TOKEN },
    } as const;
    server.script(echo, echo);
    const predict = createRealtimePredictor({
      modelId: 'churn',
      baseUrl: server.url,
      token: TOKEN,
      env: {},
      retry: { maxAttempts: 2, initialDelay: 5, maxDelay: 5 },
    });
    const error = await failure(Promise.resolve(predict(table, context)));
    expect(error).toBeInstanceOf(InternalServerError);
    expectNoSecret(error, { token: TOKEN });
  });

  it('with an API key, when the endpoint refuses the exchanged token (401)', async () => {
    const auth = await restServer({ apiKey: API_KEY });
    const server = await models(() => false);
    const predict = createRealtimePredictor({
      modelId: 'churn',
      baseUrl: server.url,
      authUrl: auth.url,
      apiKey: API_KEY,
      env: {},
      retry: { maxAttempts: 1 },
    });
    const error = await failure(Promise.resolve(predict(table, context)));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(auth.issuedTokens.length).toBeGreaterThan(0);
    expectNoSecret(
      error,
      Object.fromEntries([['API key', API_KEY], ...auth.issuedTokens.map((t, i) => [`token ${i}`, t])]),
    );
  });
});
