/**
 * A strict stand-in for the platform's REST API (WIRE.md) on 127.0.0.1: the API key exchange and the
 * start-job call. It checks method, path, headers, bearer token and body of every request, records what it
 * saw, and answers from a script so that tests can make it fail on cue (status codes with `Retry-After`, a
 * reset connection, a slow answer, malformed JSON, `success: false`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { type ScriptedAnswer, sendAnswer } from './platform-http-answers.js';

export type { ScriptedAnswer } from './platform-http-answers.js';

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly at: number;
}

export type Route = 'login' | 'start-job';

const ROUTES: Record<string, Route> = {
  '/api/v1/authentication/qwak-api-key': 'login',
  '/api/v1/batch-job/start-job': 'start-job',
};

export interface PlatformRestServerOptions {
  /** A fixed token the server accepts. */
  readonly token?: string;
  /** The API key the exchange accepts. */
  readonly apiKey?: string;
  /** Lifetime of tokens handed out for the API key, in seconds. @default 3600 */
  readonly tokenTtlSeconds?: number;
}

export class PlatformRestServer {
  readonly requests: RecordedRequest[] = [];
  /** Every check that failed, as a sentence; a passing test expects this to be empty. */
  readonly violations: string[] = [];
  /** Tokens handed out by the exchange, in order. */
  readonly issuedTokens: string[] = [];
  /** The body the next start-job requests must equal (deep equality of the parsed JSON). */
  expectedStartBody: unknown;
  /** Makes the id of a started execution (e.g. registers it with the gRPC test server); `exec-<n>` when unset. */
  onStart: ((body: Record<string, unknown>) => string) | undefined;
  #lastStartBody: Record<string, unknown> = {};
  /** When true, the exchange echoes the key it got in its error answers (to prove the client scrubs it). */
  echoSecrets = false;
  #server: Server;
  #scripts: Record<Route, ScriptedAnswer[]> = { login: [], 'start-job': [] };
  #validTokens = new Set<string>();
  #timers = new Set<NodeJS.Timeout>();
  #nextId = 1;
  #options: PlatformRestServerOptions;
  #baseUrl = '';

  private constructor(options: PlatformRestServerOptions) {
    this.#options = options;
    if (options.token) this.#validTokens.add(options.token);
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(options: PlatformRestServerOptions = {}): Promise<PlatformRestServer> {
    const server = new PlatformRestServer(options);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    const { port } = server.#server.address() as AddressInfo;
    server.#baseUrl = `http://127.0.0.1:${port}`;
    return server;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return this.#baseUrl;
  }

  /** Queues answers for a route; each request takes the next one, then the default answer applies. */
  script(route: Route, ...answers: ScriptedAnswer[]): this {
    this.#scripts[route].push(...answers);
    return this;
  }

  /** Makes every token handed out so far (and the fixed one) invalid, as if they had expired. */
  revokeTokens(): void {
    this.#validTokens.clear();
  }

  /** Requests to one route. */
  requestsTo(route: Route): RecordedRequest[] {
    return this.requests.filter((r) => ROUTES[r.path] === route);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, body, at: Date.now() });
    const route = ROUTES[path];
    if (!route) return this.#fail(res, 404, `unknown path ${path}`);
    if (req.method !== 'POST') return this.#fail(res, 405, `${req.method} ${path}: only POST is allowed`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return this.#fail(
        res,
        415,
        `${path}: content-type must be application/json, got ${req.headers['content-type']}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return this.#fail(res, 400, `${path}: the body is not JSON: ${body.slice(0, 100)}`);
    }
    if (route === 'login') {
      const key = (json as { qwakApiKey?: unknown }).qwakApiKey;
      if (Object.keys(json as object).join() !== 'qwakApiKey' || typeof key !== 'string') {
        return this.#fail(res, 400, `login: the body must be exactly {"qwakApiKey": "<key>"}, got ${body}`);
      }
      if (key !== this.#options.apiKey) {
        const message = this.echoSecrets ? `unknown API key ${key}` : 'unknown API key';
        return this.#send(res, { kind: 'json', status: 401, body: { message } });
      }
    } else {
      const auth = req.headers.authorization;
      const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
      if (!token || !this.#validTokens.has(token)) {
        return this.#send(res, { kind: 'json', status: 401, body: { message: 'invalid or expired token' } });
      }
      const problems = checkStartJobBody(json);
      if (this.expectedStartBody !== undefined && !isDeepStrictEqual(json, this.expectedStartBody)) {
        problems.push(
          `the body differs from the expected one:\n got ${body}\n want ${JSON.stringify(this.expectedStartBody)}`,
        );
      }
      if (problems.length) return this.#fail(res, 400, `start-job: ${problems.join('; ')}`);
      this.#lastStartBody = json as Record<string, unknown>;
    }
    await this.#send(res, this.#scripts[route].shift() ?? this.#defaultAnswer(route));
  }

  #defaultAnswer(route: Route): ScriptedAnswer {
    if (route === 'login') {
      const ttl = this.#options.tokenTtlSeconds ?? 3600;
      const exp = Math.floor(Date.now() / 1000) + ttl;
      const token = makeJwt({ sub: 'test-user', exp, n: this.issuedTokens.length + 1 });
      this.issuedTokens.push(token);
      this.#validTokens.add(token);
      return { kind: 'json', body: { accessToken: token, expiredAt: exp } };
    }
    const id = this.onStart ? this.onStart(this.#lastStartBody) : `exec-${this.#nextId++}`;
    return { kind: 'json', body: { batch_id: id, success: true, failure_message: '' } };
  }

  #fail(res: ServerResponse, status: number, violation: string): void {
    this.violations.push(violation);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: violation }));
  }

  #send(res: ServerResponse, answer: ScriptedAnswer): Promise<void> {
    return sendAnswer(res, answer, this.#timers, () => ({
      kind: 'json',
      body: { batch_id: `exec-${this.#nextId++}`, success: true },
    }));
  }
}

/** WIRE.md rules for a start-job body, independent of how the SDK builds it. */
function checkStartJobBody(json: unknown): string[] {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return ['the body must be a JSON object'];
  const body = json as Record<string, unknown>;
  if (typeof body.model_id !== 'string' || body.model_id === '')
    problems.push('model_id must be a non-empty string');
  for (const key of ['source_bucket', 'destination_bucket', 'source_folder', 'destination_folder']) {
    if (typeof body[key] !== 'string' || body[key] === '') problems.push(`${key} must be a non-empty string`);
  }
  if (
    body.input_file_type !== undefined &&
    !/^(CSV|PARQUET|FEATHER)_INPUT_FILE_TYPE$/.test(String(body.input_file_type))
  ) {
    problems.push(
      `input_file_type must be an InputFileType name, got ${JSON.stringify(body.input_file_type)}`,
    );
  }
  if (
    body.output_file_type !== undefined &&
    !/^(CSV|PARQUET|FEATHER)_OUTPUT_FILE_TYPE$/.test(String(body.output_file_type))
  ) {
    problems.push(
      `output_file_type must be an OutputFileType name, got ${JSON.stringify(body.output_file_type)}`,
    );
  }
  const walk = (value: unknown, path: string) => {
    if (value === null) problems.push(`${path} is null`);
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, `${path}[${i}]`);
      });
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (!/^[a-z][a-z0-9_]*$/.test(key)) problems.push(`${path}${key} is not a snake_case proto field name`);
      walk(v, `${path}${key}.`);
    }
  };
  walk(body, '');
  return problems;
}

/** An unsigned JWT with `payload`: the SDK reads `exp` and checks no signature. */
export function makeJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}
