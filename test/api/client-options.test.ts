import { describe, expect, it } from 'vitest';
import { BatchJobManagerClient } from '../../src/api/client.js';
import { UsageError } from '../../src/errors.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { sampleConfig, TOKEN } from './fixtures.js';

describe('BatchJobManagerClient options', () => {
  it('builds the base URL from the environment name', () => {
    const client = new BatchJobManagerClient({ environment: 'acme', token: TOKEN, env: {} });
    expect(client.baseUrl).toBe('https://grpc.acme.qwak.ai');
    expect(client.transport).toBe('rest');
  });

  it('reads QWAK_ENVIRONMENT and QWAK_BATCH_BASE_URL, options first', () => {
    expect(new BatchJobManagerClient({ env: { QWAK_ENVIRONMENT: 'beta', QWAK_TOKEN: TOKEN } }).baseUrl).toBe(
      'https://grpc.beta.qwak.ai',
    );
    const env = { QWAK_BATCH_BASE_URL: 'https://proxy.example.com/qwak/', QWAK_TOKEN: TOKEN };
    expect(new BatchJobManagerClient({ env }).baseUrl).toBe('https://proxy.example.com/qwak');
    expect(new BatchJobManagerClient({ environment: 'acme', env }).baseUrl).toBe('https://grpc.acme.qwak.ai');
  });

  it('refuses plain http:// except to loopback addresses', () => {
    for (const baseUrl of ['http://grpc.acme.qwak.ai', 'http://10.0.0.1:8080', 'ftp://127.0.0.1']) {
      expect(() => new BatchJobManagerClient({ baseUrl, token: TOKEN, env: {} })).toThrow(UsageError);
    }
    expect(
      () =>
        new BatchJobManagerClient({
          environment: 'acme',
          authUrl: 'http://auth.example.com',
          apiKey: 'k'.repeat(20),
          env: {},
        }),
    ).toThrow(/authUrl uses plain http/);
    for (const baseUrl of ['http://127.0.0.1:9', 'http://localhost:9', 'http://[::1]:9']) {
      expect(new BatchJobManagerClient({ baseUrl, token: TOKEN, env: {} }).baseUrl).toBe(baseUrl);
    }
  });

  it('refuses credentials in the URL, bad environment names, transports and timeouts', () => {
    expect(
      () => new BatchJobManagerClient({ baseUrl: 'https://u:p@x.example.com', token: TOKEN, env: {} }),
    ).toThrow(/must not carry a user name/);
    expect(() => new BatchJobManagerClient({ environment: 'a.b/c', token: TOKEN, env: {} })).toThrow(
      UsageError,
    );
    expect(() => new BatchJobManagerClient({ token: TOKEN, env: {} })).toThrow(/No platform address/);
    expect(
      () =>
        new BatchJobManagerClient({
          environment: 'acme',
          token: TOKEN,
          env: {},
          transport: 'soap' as 'rest',
        }),
    ).toThrow(/transport/);
    expect(
      () => new BatchJobManagerClient({ environment: 'acme', token: TOKEN, env: {}, timeout: 0 }),
    ).toThrow(/timeout must be a positive number/);
  });

  it('never mutates its options; withOptions returns a new client', async () => {
    const options = Object.freeze({ environment: 'acme', token: TOKEN, env: Object.freeze({}) });
    const client = new BatchJobManagerClient(options);
    const other = client.withOptions({ environment: 'beta' });
    expect(other).not.toBe(client);
    expect(other.baseUrl).toBe('https://grpc.beta.qwak.ai');
    expect(client.baseUrl).toBe('https://grpc.acme.qwak.ai');
    expect(client.options).toEqual(options);
    expect(other.options.environment).toBe('beta');
    expect(Object.isFrozen(client.options)).toBe(true);
  });

  it('keeps the token out of the client as inspected or serialized', () => {
    const client = new BatchJobManagerClient({ environment: 'acme', token: TOKEN, env: {} });
    expect(JSON.stringify(client)).not.toContain(TOKEN);
    expect(Object.values(client).join()).not.toContain(TOKEN);
  });

  it('talks to the new base URL after withOptions', async () => {
    const a = await PlatformRestServer.start({ token: TOKEN });
    const b = await PlatformRestServer.start({ token: TOKEN });
    try {
      const client = new BatchJobManagerClient({ baseUrl: a.url, token: TOKEN, env: {} });
      await client.withOptions({ baseUrl: b.url }).startExecution(sampleConfig());
      expect(a.requests).toHaveLength(0);
      expect(b.requestsTo('start-job')).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
