import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A GCS media download (`GET …?alt=media`). */
export const isMediaGet = (r: IncomingMessage) => r.method === 'GET' && /[?&]alt=media/.test(r.url ?? '');

/**
 * An HTTP proxy on 127.0.0.1 in front of the GCS server that cuts downloads: the next `cuts` media GETs get
 * their status, headers and the first `afterBytes` bytes of the body, then the connection is destroyed, as
 * when a network drops mid-download. With `ignoreRange`, it drops the `Range` header of the requests it
 * forwards, as a server that ignores ranges would (the answer is then a 200 with the whole body).
 */
export class ReadCuttingProxy {
  /** The `Range` header of each media GET, in order (`undefined` when there was none). */
  readonly ranges: (string | undefined)[] = [];
  /** Runs before a media GET is forwarded (to change the object between attempts, say). */
  beforeMediaGet: ((index: number) => Promise<void> | void) | undefined;
  /** Flips one bit of the first body byte of the next media GET, as a corrupted transfer would. */
  corruptNext = false;
  private cut = { afterBytes: 0, cuts: 0 };
  private ignoreRange = false;
  private readonly server = createServer((req, res) => {
    void this.handle(req, res);
  });
  private target = { host: '127.0.0.1', port: 0 };
  endpoint = '';

  static async start(targetUrl: string): Promise<ReadCuttingProxy> {
    const proxy = new ReadCuttingProxy();
    const url = new URL(targetUrl);
    proxy.target = { host: url.hostname, port: Number(url.port) };
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.endpoint = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Cuts the next `cuts` media downloads after `afterBytes` bytes of body. */
  cutDownloads(afterBytes: number, cuts: number, options: { ignoreRange?: boolean } = {}) {
    this.cut = { afterBytes, cuts };
    this.ignoreRange = options.ignoreRange ?? false;
    this.ranges.length = 0;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const media = isMediaGet(req);
    const headers = { ...req.headers };
    if (media) {
      this.ranges.push(req.headers.range);
      await this.beforeMediaGet?.(this.ranges.length - 1);
      if (this.ignoreRange) delete headers.range;
    }
    const cutting = media && this.cut.cuts > 0;
    if (cutting) this.cut.cuts -= 1;
    let corrupt = media && this.corruptNext;
    if (corrupt) this.corruptNext = false;
    const limit = this.cut.afterBytes;
    const upstream = httpRequest({ ...this.target, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      let passed = 0;
      answer.on('data', (data: Buffer) => {
        let chunk = data;
        if (corrupt && chunk.length > 0) {
          chunk = Buffer.from(chunk);
          chunk[0] = (chunk[0] ?? 0) ^ 1;
          corrupt = false;
        }
        if (!cutting) {
          res.write(chunk);
          return;
        }
        if (passed >= limit) return;
        const part = chunk.subarray(0, Math.min(chunk.length, limit - passed));
        passed += part.length;
        if (passed < limit) {
          res.write(part);
          return;
        }
        // The bytes up to the cut reach the client, then the connection drops.
        res.write(part, () => {
          answer.destroy();
          res.socket?.destroy();
        });
      });
      answer.on('end', () => {
        if (!cutting || passed < limit) res.end();
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}
