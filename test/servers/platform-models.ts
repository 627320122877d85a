/**
 * A strict stand-in for a deployed model's real-time endpoint (WIRE.md) on 127.0.0.1:
 * `POST /v1/<model>/predict` or `/v1/<model>/<variation>/predict`, bearer token, pandas "split" JSON body.
 * It checks every request, records it, and answers with `predict(frame)` or a scripted answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ScriptedAnswer, sendAnswer } from './platform-http-answers.js';

export interface SplitFrameBody {
  columns: string[];
  index: number[];
  data: unknown[][];
}

export interface PlatformModelsServerOptions {
  readonly modelId: string;
  readonly variation?: string;
  /** The token the endpoint accepts, or a check of each token (e.g. against the tokens an exchange issued). */
  readonly token: string | ((token: string) => boolean);
  /** The model: from the received frame to the JSON answer. @default one `{ rows: n }` object per row */
  readonly predict?: (frame: SplitFrameBody) => unknown;
}

export class PlatformModelsServer {
  readonly frames: SplitFrameBody[] = [];
  readonly violations: string[] = [];
  readonly requests: { path: string; authorization: string | undefined }[] = [];
  #server: Server;
  #script: ScriptedAnswer[] = [];
  #timers = new Set<NodeJS.Timeout>();
  #options: PlatformModelsServerOptions;
  #url = '';

  private constructor(options: PlatformModelsServerOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(options: PlatformModelsServerOptions): Promise<PlatformModelsServer> {
    const server = new PlatformModelsServer(options);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.#url = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}`;
    return server;
  }

  get url(): string {
    return this.#url;
  }

  script(...answers: ScriptedAnswer[]): this {
    this.#script.push(...answers);
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const auth = req.headers.authorization;
    this.requests.push({ path, authorization: auth });
    const { modelId, variation, token } = this.#options;
    const expected = `/v1/${[modelId, variation]
      .filter(Boolean)
      .map((s) => encodeURIComponent(s!))
      .join('/')}/predict`;
    if (path !== expected) return this.#fail(res, 404, `path ${path}, expected ${expected}`);
    if (req.method !== 'POST') return this.#fail(res, 405, `method ${req.method}`);
    const given = auth?.startsWith('Bearer ') ? auth.slice(7) : '';
    if (typeof token === 'string' ? given !== token : !token(given)) {
      return void res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"message":"unauthorized"}');
    }
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return this.#fail(res, 415, `content-type ${req.headers['content-type']}`);
    }
    let frame: SplitFrameBody;
    try {
      frame = JSON.parse(text) as SplitFrameBody;
    } catch {
      return this.#fail(res, 400, 'the body is not JSON');
    }
    const problem = checkSplitFrame(frame);
    if (problem) return this.#fail(res, 400, problem);
    this.frames.push(frame);
    const scripted = this.#script.shift();
    const fallback = (): ScriptedAnswer => ({
      kind: 'json',
      body: this.#options.predict
        ? this.#options.predict(frame)
        : frame.index.map(() => ({ rows: frame.index.length })),
    });
    await sendAnswer(res, scripted ?? fallback(), this.#timers, fallback);
  }

  #fail(res: ServerResponse, status: number, violation: string): void {
    this.violations.push(violation);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: violation }));
  }
}

function checkSplitFrame(frame: unknown): string | undefined {
  if (typeof frame !== 'object' || frame === null) return 'the body must be an object';
  const keys = Object.keys(frame).sort().join();
  if (keys !== 'columns,data,index') return `the body must have exactly columns, index, data; got ${keys}`;
  const { columns, index, data } = frame as SplitFrameBody;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string'))
    return 'columns must be strings';
  if (!Array.isArray(index) || !Array.isArray(data) || index.length !== data.length) {
    return 'index and data must be arrays of the same length';
  }
  if (index.some((v, i) => v !== index[0]! + i)) return 'index must count up by one';
  if (data.some((row) => !Array.isArray(row) || row.length !== columns.length)) {
    return 'every data row must have one value per column';
  }
  return undefined;
}
