import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenProvider } from '../../src/api/auth/token-provider.js';
import { AuthenticationError, UsageError } from '../../src/errors.js';
import { PlatformRestServer } from '../servers/platform-rest.js';
import { API_KEY, clientFor, sampleConfig, TOKEN } from './fixtures.js';

let server: PlatformRestServer;
const config = sampleConfig();

beforeEach(async () => {
  server = await PlatformRestServer.start({ apiKey: API_KEY });
});
afterEach(async () => {
  await server.close();
});

/** Every way an error or a log could show a secret. */
function exposures(error: unknown, logs: string[] = []): string {
  return [String(error), JSON.stringify(error), inspect(error, { depth: 5, showHidden: true }), ...logs].join(
    '\n',
  );
}

describe('API key login', () => {
  it('exchanges the key once and reuses the token', async () => {
    const client = clientFor(server, { apiKey: API_KEY });
    await client.startExecution(config);
    await client.startExecution(config);
    expect(server.requestsTo('login')).toHaveLength(1);
    expect(JSON.parse(server.requestsTo('login')[0]!.body)).toEqual({ qwakApiKey: API_KEY });
    const starts = server.requestsTo('start-job');
    expect(starts.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${server.issuedTokens[0]}`,
      `Bearer ${server.issuedTokens[0]}`,
    ]);
    expect(server.violations).toEqual([]);
  });

  it('logs in again once after a 401 and succeeds', async () => {
    const logs: string[] = [];
    const client = clientFor(server, { apiKey: API_KEY, logger: { debug: (m) => logs.push(m) } });
    await client.startExecution(config);
    server.revokeTokens();
    const result = await client.startExecution(config);
    expect(result.executionId).toBe('exec-2');
    expect(server.requestsTo('login')).toHaveLength(2);
    expect(server.requestsTo('start-job').at(-1)!.headers.authorization).toBe(
      `Bearer ${server.issuedTokens[1]}`,
    );
    expect(logs.some((l) => /401, logging in again/.test(l))).toBe(true);
    expect(logs.join('\n')).not.toContain(API_KEY);
    for (const token of server.issuedTokens) expect(logs.join('\n')).not.toContain(token);
  });

  it('logs in only once after a 401: a second 401 is an AuthenticationError', async () => {
    const denied = { kind: 'json', status: 401, body: { message: 'no' } } as const;
    server.script('start-job', denied, denied, denied);
    const error = await clientFor(server, { apiKey: API_KEY })
      .startExecution(config)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.requestsTo('login')).toHaveLength(2);
    expect(server.requestsTo('start-job')).toHaveLength(2);
  });

  it('logs in again shortly before the token expires', async () => {
    await server.close();
    server = await PlatformRestServer.start({ apiKey: API_KEY, tokenTtlSeconds: 30 });
    const client = clientFor(server, { apiKey: API_KEY });
    await client.startExecution(config);
    await client.startExecution(config);
    // 30 s tokens are inside the 60 s refresh margin: each call logs in first.
    expect(server.requestsTo('login')).toHaveLength(2);
    expect(server.requestsTo('start-job')[1]!.headers.authorization).toBe(`Bearer ${server.issuedTokens[1]}`);
  });

  it('shares the cached token with clients made by withOptions, unless credentials change', async () => {
    const client = clientFor(server, { apiKey: API_KEY });
    await client.startExecution(config);
    await client.withOptions({ baseUrl: server.url }).startExecution(config);
    expect(server.requestsTo('login')).toHaveLength(1);
    await client.withOptions({ apiKey: API_KEY }).startExecution(config);
    expect(server.requestsTo('login')).toHaveLength(2);
  });

  it('shares one login among concurrent calls', async () => {
    const client = clientFor(server, { apiKey: API_KEY });
    await Promise.all([
      client.startExecution(config),
      client.startExecution(config),
      client.startExecution(config),
    ]);
    expect(server.requestsTo('login')).toHaveLength(1);
  });

  it('refuses a wrong key without showing it, even when the server echoes it', async () => {
    server.echoSecrets = true;
    const wrongKey = 'qwak_wrong_key_9876543210';
    const logs: string[] = [];
    const client = clientFor(server, {
      apiKey: wrongKey,
      logger: { warn: (m) => logs.push(m), debug: (m) => logs.push(m) },
    });
    const error = await client.startExecution(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).body).toContain('[redacted]');
    expect(exposures(error, logs)).not.toContain(wrongKey);
    expect(server.requestsTo('login')).toHaveLength(1);
    expect(server.requestsTo('start-job')).toHaveLength(0);
  });

  it('never shows the token in errors or logs of failed calls', async () => {
    const logs: string[] = [];
    const fixed = await PlatformRestServer.start({ token: TOKEN });
    try {
      fixed.script(
        'start-job',
        { kind: 'raw', status: 503, body: `echo: Bearer ${TOKEN}` },
        { kind: 'reset' },
        {
          kind: 'raw',
          status: 500,
          body: `token ${TOKEN} rejected`,
        },
      );
      const error = await clientFor(fixed, { token: TOKEN, logger: { warn: (m) => logs.push(m) } })
        .startExecution(config)
        .catch((e: unknown) => e);
      expect(logs).toHaveLength(2);
      expect(exposures(error, logs)).not.toContain(TOKEN);
      expect((error as Error).message).toContain('[redacted]');
    } finally {
      await fixed.close();
    }
  });

  it('does not log in again for a fixed token', async () => {
    const fixed = await PlatformRestServer.start({ token: TOKEN });
    try {
      fixed.revokeTokens();
      const error = await clientFor(fixed, { token: TOKEN })
        .startExecution(config)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(fixed.requestsTo('login')).toHaveLength(0);
      expect(fixed.requestsTo('start-job')).toHaveLength(1);
    } finally {
      await fixed.close();
    }
  });
});

describe('where credentials come from', () => {
  it('prefers the token option, then apiKey, then QWAK_TOKEN, then QWAK_API_KEY', async () => {
    const env = { QWAK_TOKEN: 'env-token-123456', QWAK_API_KEY: 'env-key-123456' };
    expect(await createTokenProvider({ token: 'opt-token-123456', apiKey: 'k', env }).getToken()).toBe(
      'opt-token-123456',
    );
    expect(createTokenProvider({ apiKey: 'opt-key-123456', env }).refreshable).toBe(true);
    expect(await createTokenProvider({ env }).getToken()).toBe('env-token-123456');
    expect(createTokenProvider({ env: { QWAK_API_KEY: 'env-key-123456' } }).refreshable).toBe(true);
  });

  it('exchanges QWAK_API_KEY from the environment', async () => {
    const client = clientFor(server, { env: { QWAK_API_KEY: API_KEY } });
    await client.startExecution(config);
    expect(JSON.parse(server.requestsTo('login')[0]!.body)).toEqual({ qwakApiKey: API_KEY });
  });

  it('throws a UsageError when there are no credentials at all', () => {
    expect(() => createTokenProvider({ env: {} })).toThrow(UsageError);
    expect(() => clientFor(server, { env: {} })).toThrow(/QWAK_TOKEN or QWAK_API_KEY/);
  });

  it('uses the exchange answer expiredAt when the token is not a JWT', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    server.script('login', { kind: 'json', body: { access_token: 'opaque-token-value', expired_at: exp } });
    const tokens = createTokenProvider({ apiKey: API_KEY, authUrl: server.url, env: {} });
    expect(await tokens.getToken()).toBe('opaque-token-value');
    expect(await tokens.getToken()).toBe('opaque-token-value');
    expect(server.requestsTo('login')).toHaveLength(1);
  });

  it('rejects an exchange answer without a token', async () => {
    server.script('login', { kind: 'json', body: { expiredAt: 1 } });
    const tokens = createTokenProvider({ apiKey: API_KEY, authUrl: server.url, env: {} });
    await expect(tokens.getToken()).rejects.toThrow(/without an accessToken/);
  });

  it('keeps a newer token when an old one is invalidated late', async () => {
    const tokens = createTokenProvider({ apiKey: API_KEY, authUrl: server.url, env: {} });
    const first = await tokens.getToken();
    tokens.invalidate(first);
    const second = await tokens.getToken();
    tokens.invalidate(first);
    expect(await tokens.getToken()).toBe(second);
    expect(second).not.toBe(first);
  });
});
