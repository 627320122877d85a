import {
  DateDay,
  Field,
  Float64,
  Int64,
  List,
  Table,
  TimestampMillisecond,
  tableFromArrays,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, InternalServerError, PredictorError, UsageError } from '../../src/errors.js';
import { createRealtimePredictor } from '../../src/predictors/realtime-endpoint.js';
import type { PredictContext } from '../../src/predictors/types.js';
import {
  PlatformModelsServer,
  type PlatformModelsServerOptions,
  type SplitFrameBody,
} from '../servers/platform-models.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { API_KEY, TOKEN } from './fixtures.js';

const context = (signal = new AbortController().signal): PredictContext => ({
  modelId: 'churn',
  buildId: undefined,
  parameters: {},
  file: 's3://bucket/in/part-1.csv',
  signal,
});

/** The model: doubles `x`, echoes `name`. */
const double = (frame: SplitFrameBody) => {
  const x = frame.columns.indexOf('x');
  const name = frame.columns.indexOf('name');
  return frame.data.map((row) => ({ name: row[name], score: (row[x] as number) * 2 }));
};

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function modelsServer(options: Partial<PlatformModelsServerOptions> = {}) {
  const server = await PlatformModelsServer.start({
    modelId: 'churn',
    token: TOKEN,
    predict: double,
    ...options,
  });
  servers.push(server);
  return server;
}

describe('createRealtimePredictor', () => {
  it('sends pandas split JSON in slices and concatenates the answers', async () => {
    const server = await modelsServer();
    const predict = createRealtimePredictor({
      modelId: 'churn',
      baseUrl: server.url,
      token: TOKEN,
      env: {},
      batchSize: 2,
    });
    const table = tableFromArrays({ x: Float64Array.from([1, 2, 3]), name: ['a', 'b', 'c'] });
    const rows = await predict(table, context());
    expect(rows).toEqual([
      { name: 'a', score: 2 },
      { name: 'b', score: 4 },
      { name: 'c', score: 6 },
    ]);
    expect(server.frames).toEqual([
      {
        columns: ['x', 'name'],
        index: [0, 1],
        data: [
          [1, 'a'],
          [2, 'b'],
        ],
      },
      { columns: ['x', 'name'], index: [2], data: [[3, 'c']] },
    ]);
    expect(server.violations).toEqual([]);
    expect(server.requests[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('calls a variation and converts Arrow values to JSON', async () => {
    const server = await modelsServer({
      variation: 'shadow v2',
      predict: (f: SplitFrameBody) => ({ columns: f.columns, data: f.data }),
    });
    const predict = createRealtimePredictor({
      modelId: 'churn',
      variation: 'shadow v2',
      baseUrl: server.url,
      token: TOKEN,
      env: {},
    });
    const table = new Table({
      day: vectorFromArray([new Date('2024-01-02'), null], new DateDay()),
      at: vectorFromArray([new Date('2024-01-02T03:04:05Z'), new Date(0)], new TimestampMillisecond()),
      big: vectorFromArray([7n, 2n ** 60n], new Int64()),
      list: vectorFromArray([[1, 2], [3]], new List(new Field('item', new Float64()))),
      text: vectorFromArray(['é', null], new Utf8()),
      nan: vectorFromArray([Number.NaN, 1.5], new Float64()),
    });
    const rows = await predict(table, context());
    expect(server.requests[0]!.path).toBe('/v1/churn/shadow%20v2/predict');
    expect(rows).toEqual([
      {
        day: '2024-01-02T00:00:00.000Z',
        at: '2024-01-02T03:04:05.000Z',
        big: 7,
        list: [1, 2],
        text: 'é',
        nan: null,
      },
      {
        day: null,
        at: '1970-01-01T00:00:00.000Z',
        big: '1152921504606846976',
        list: [3],
        text: null,
        nan: 1.5,
      },
    ]);
  });

  it('reads column-oriented answers', async () => {
    const server = await modelsServer({ predict: () => ({ score: { '0': 0.1, '1': 0.9 } }) });
    const predict = createRealtimePredictor({ modelId: 'churn', baseUrl: server.url, token: TOKEN, env: {} });
    expect(await predict(tableFromArrays({ x: [1, 2] }), context())).toEqual([
      { score: 0.1 },
      { score: 0.9 },
    ]);
  });

  it('rejects an answer that is not a frame with a PredictorError naming the file', async () => {
    const server = await modelsServer({ predict: () => 'ok' });
    const predict = createRealtimePredictor({ modelId: 'churn', baseUrl: server.url, token: TOKEN, env: {} });
    const error = await Promise.resolve(predict(tableFromArrays({ x: [1] }), context())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PredictorError);
    expect((error as PredictorError).file).toBe('s3://bucket/in/part-1.csv');
    expect((error as Error).message).toMatch(/answered "ok", which is not a frame/);
  });

  it('retries a 503, then gives up with a typed error', async () => {
    const server = await modelsServer();
    const unavailable = { kind: 'json', status: 503, body: { message: 'scaling up' } } as const;
    server.script(unavailable);
    const predict = createRealtimePredictor({
      modelId: 'churn',
      baseUrl: server.url,
      token: TOKEN,
      env: {},
      retry: { initialDelay: 5, maxAttempts: 2 },
    });
    expect(await predict(tableFromArrays({ x: [1], name: ['a'] }), context())).toEqual([
      { name: 'a', score: 2 },
    ]);
    server.script(unavailable, unavailable);
    await expect(Promise.resolve(predict(tableFromArrays({ x: [1] }), context()))).rejects.toBeInstanceOf(
      InternalServerError,
    );
  });

  it('logs in with an API key and stops on the task signal', async () => {
    const auth = await PlatformRestServer.start({ apiKey: API_KEY });
    servers.push(auth);
    const server = await modelsServer({ token: (t: string) => auth.issuedTokens.includes(t) });
    const predict = createRealtimePredictor({
      modelId: 'churn',
      baseUrl: server.url,
      authUrl: auth.url,
      apiKey: API_KEY,
      env: {},
    });
    expect(await predict(tableFromArrays({ x: [1], name: ['a'] }), context())).toEqual([
      { name: 'a', score: 2 },
    ]);
    expect(server.requests[0]!.authorization).toBe(`Bearer ${auth.issuedTokens[0]}`);
    const fixedServer = await modelsServer();
    fixedServer.script({ kind: 'slow', delayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const fixed = createRealtimePredictor({
      modelId: 'churn',
      baseUrl: fixedServer.url,
      token: TOKEN,
      env: {},
    });
    await expect(
      Promise.resolve(fixed(tableFromArrays({ x: [1] }), context(controller.signal))),
    ).rejects.toBeInstanceOf(AbortError);
  });

  it('checks its options', () => {
    expect(() => createRealtimePredictor({ token: TOKEN, environment: 'acme', env: {} })).toThrow(/modelId/);
    expect(() => createRealtimePredictor({ modelId: 'm', token: TOKEN, env: {} })).toThrow(UsageError);
    expect(() =>
      createRealtimePredictor({ modelId: 'm', baseUrl: 'http://models.example.com', token: TOKEN, env: {} }),
    ).toThrow(/plain http/);
    expect(() =>
      createRealtimePredictor({ modelId: 'm', environment: 'acme', token: TOKEN, env: {}, batchSize: 0 }),
    ).toThrow(/batchSize/);
    expect(
      typeof createRealtimePredictor({ environment: 'acme', env: { QWAK_MODEL_ID: 'm', QWAK_TOKEN: TOKEN } }),
    ).toBe('function');
  });
});
