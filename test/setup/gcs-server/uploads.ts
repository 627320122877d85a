import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkObjectName, GcsHttpError, type GcsStore, objectResource } from './store.js';

const CHUNK_GRANULARITY = 256 * 1024;

interface Session {
  bucket: string;
  name: string;
  contentType?: string;
  ifGenerationMatch: string | null;
  chunks: Buffer[];
  received: number;
  md5Hash?: string;
  crc32c?: string;
}

/** Splits a `multipart/related` body into its parts (headers and bytes). */
function parseMultipart(body: Buffer, contentType: string | undefined) {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!contentType?.startsWith('multipart/related') || !boundary) {
    throw new GcsHttpError(
      400,
      'invalid',
      'Multipart uploads need Content-Type multipart/related with a boundary',
    );
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: string; data: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw new GcsHttpError(400, 'invalid', 'Multipart body is not terminated');
    const part = body.subarray(start + 2, next - 2); // skip CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) throw new GcsHttpError(400, 'invalid', 'Multipart part without headers');
    parts.push({ headers: part.subarray(0, split).toString(), data: part.subarray(split + 4) });
    at = next;
  }
  if (parts.length !== 2)
    throw new GcsHttpError(400, 'invalid', `Multipart upload needs 2 parts, got ${parts.length}`);
  return parts as [{ headers: string; data: Buffer }, { headers: string; data: Buffer }];
}

/** `POST /upload/storage/v1/b/:bucket/o` (media, multipart, resumable start) and resumable `PUT` chunks. */
export class Uploads {
  private readonly sessions = new Map<string, Session>();
  /**
   * Tests may hold a resumable session's creation or cancel here (awaited before the server acts and
   * answers), to see what a client does while that request is under way.
   */
  hold: ((step: 'start' | 'cancel', bucket: string, name: string) => Promise<void>) | undefined;

  constructor(
    private readonly store: GcsStore,
    private readonly base: () => string,
  ) {}

  /** Object names of the open (neither finished nor cancelled) resumable sessions of `bucket`. */
  openSessions(bucket: string): string[] {
    return [...this.sessions.values()].filter((s) => s.bucket === bucket).map((s) => s.name);
  }

  async start(
    bucket: string,
    url: URL,
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
  ): Promise<void> {
    this.store.bucket(bucket);
    const type = url.searchParams.get('uploadType');
    const ifGenerationMatch = url.searchParams.get('ifGenerationMatch');
    if (type === 'media') {
      const object = this.store.put(bucket, url.searchParams.get('name'), body, {
        contentType: request.headers['content-type'],
        ifGenerationMatch,
      });
      json(response, 200, objectResource(object, this.base()));
      return;
    }
    if (type === 'multipart') {
      const [meta, media] = parseMultipart(body, request.headers['content-type']);
      const metadata = JSON.parse(meta.data.toString() || '{}') as Record<string, string>;
      const object = this.store.put(bucket, metadata.name ?? url.searchParams.get('name'), media.data, {
        contentType: metadata.contentType ?? /content-type:\s*([^\r\n]+)/i.exec(media.headers)?.[1],
        md5Hash: metadata.md5Hash,
        crc32c: metadata.crc32c,
        ifGenerationMatch,
      });
      json(response, 200, objectResource(object, this.base()));
      return;
    }
    if (type === 'resumable') {
      const metadata = body.length ? (JSON.parse(body.toString()) as Record<string, string>) : {};
      const name = metadata.name ?? url.searchParams.get('name');
      checkObjectName(name);
      await this.hold?.('start', bucket, name);
      const id = randomBytes(12).toString('hex');
      this.sessions.set(id, {
        bucket,
        name,
        contentType: metadata.contentType ?? (request.headers['x-upload-content-type'] as string | undefined),
        ifGenerationMatch,
        chunks: [],
        received: 0,
        md5Hash: metadata.md5Hash,
        crc32c: metadata.crc32c,
      });
      // Like GCS, the session URL is on the host the client called (which may be a proxy).
      const host = request.headers.host ? `http://${request.headers.host}` : this.base();
      const location = `${host}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&upload_id=${id}`;
      response.writeHead(200, { location, 'content-length': '0' }).end();
      return;
    }
    throw new GcsHttpError(400, 'invalid', `Invalid upload type: ${String(type)}`);
  }

  /** A resumable chunk, a status query (`bytes *\/total`), or a cancel (DELETE). */
  async chunk(url: URL, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
    const id = url.searchParams.get('upload_id') ?? '';
    const session = this.sessions.get(id);
    if (!session) throw new GcsHttpError(404, 'notFound', 'No such upload session');
    if (request.method === 'DELETE') {
      await this.hold?.('cancel', session.bucket, session.name);
      this.sessions.delete(id);
      response.writeHead(499, { 'content-length': '0' }).end();
      return;
    }
    const range = request.headers['content-range'] ?? '';
    const match = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec(range);
    if (!match) throw new GcsHttpError(400, 'invalid', `Invalid Content-Range: ${range}`);
    const total = match[3] === '*' ? undefined : Number(match[3]);
    if (match[1] !== undefined) {
      const start = Number(match[1]);
      const end = Number(match[2]);
      if (start !== session.received) {
        throw new GcsHttpError(400, 'invalid', `Chunk starts at ${start}, expected ${session.received}`);
      }
      if (end - start + 1 !== body.length) {
        throw new GcsHttpError(
          400,
          'invalid',
          `Content-Range covers ${end - start + 1} bytes, body has ${body.length}`,
        );
      }
      const last = total !== undefined && end + 1 === total;
      if (!last && body.length % CHUNK_GRANULARITY !== 0) {
        throw new GcsHttpError(400, 'invalid', 'Non-final chunks must be a multiple of 256 KiB');
      }
      session.chunks.push(body);
      session.received += body.length;
    } else if (body.length !== 0) {
      throw new GcsHttpError(400, 'invalid', 'A status query carries no body');
    }
    if (total !== undefined && session.received === total) {
      this.sessions.delete(id);
      const object = this.store.put(session.bucket, session.name, Buffer.concat(session.chunks), session);
      json(response, 200, objectResource(object, this.base()));
      return;
    }
    if (total !== undefined && session.received > total)
      throw new GcsHttpError(400, 'invalid', 'More bytes than the total');
    const headers: Record<string, string> = { 'content-length': '0' };
    if (session.received > 0) headers.range = `bytes=0-${session.received - 1}`;
    response.writeHead(308, headers).end();
  }
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
