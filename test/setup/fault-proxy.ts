import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which requests a fault applies to (default: all). */
export type RequestFilter = (request: IncomingMessage) => boolean;

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of a real server (radosgw, the GCS server), so that
 * faults reach the real client from a real socket. Headers pass unchanged (S3 signatures stay valid).
 */
export class FaultProxy {
  /** Requests seen, in order (`METHOD path`). */
  readonly seen: string[] = [];
  /** Requests answered with an injected status, and connections cut. */
  readonly injected = { statuses: 0, cuts: 0 };
  private failures:
    | { count: number; status: number; body: string; contentType: string; filter: RequestFilter }
    | undefined;
  private cut: { afterBytes: number; times: number; filter: RequestFilter } | undefined;
  private readonly server = createServer((req, res) => this.handle(req, res));
  private target = { host: '127.0.0.1', port: 0 };
  endpoint = '';

  static async start(targetUrl: string): Promise<FaultProxy> {
    const proxy = new FaultProxy();
    const url = new URL(targetUrl);
    proxy.target = { host: url.hostname, port: Number(url.port) };
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.endpoint = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Answers the next `count` matching requests with `status` and `body`, without forwarding them. */
  failNext(
    count: number,
    status: number,
    body = '',
    contentType = 'text/plain',
    filter: RequestFilter = () => true,
  ) {
    this.failures = { count, status, body, contentType, filter };
  }

  /** Cuts the connection of the next `times` matching requests after `afterBytes` bytes of request body. */
  cutUploads(
    afterBytes: number,
    times: number,
    filter: RequestFilter = (r) => r.method === 'PUT' || r.method === 'POST',
  ) {
    this.cut = { afterBytes, times, filter };
  }

  /** Stops injecting faults. */
  heal() {
    this.failures = undefined;
    this.cut = undefined;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    this.seen.push(`${req.method} ${req.url}`);
    const failure = this.failures;
    if (failure && failure.count > 0 && failure.filter(req)) {
      failure.count -= 1;
      this.injected.statuses += 1;
      req.resume();
      req.on('end', () =>
        res.writeHead(failure.status, { 'content-type': failure.contentType }).end(failure.body),
      );
      return;
    }
    const cut = this.cut && this.cut.times > 0 && this.cut.filter(req) ? this.cut : undefined;
    if (cut) cut.times -= 1;
    const upstream = httpRequest(
      { ...this.target, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    let passed = 0;
    req.on('data', (chunk: Buffer) => {
      if (cut && passed + chunk.length > cut.afterBytes) {
        upstream.write(chunk.subarray(0, Math.max(0, cut.afterBytes - passed)));
        this.injected.cuts += 1;
        // Both sides lose the connection mid-body: the server sees a short body, the client a reset.
        upstream.destroy();
        req.socket.destroy();
        return;
      }
      passed += chunk.length;
      upstream.write(chunk);
    });
    req.on('end', () => upstream.end());
    req.on('error', () => upstream.destroy());
  }
}
