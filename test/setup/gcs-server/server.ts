import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compareNames, listObjects } from './list.js';
import { GcsHttpError, GcsStore, objectResource } from './store.js';
import { json, Uploads } from './uploads.js';

/** A running GCS JSON-API server on 127.0.0.1. */
export interface GcsJsonServer {
  readonly endpoint: string;
  readonly projectId: string;
  readonly store: GcsStore;
  /** Resumable sessions: see which are open, or hold their creation (in-process servers only). */
  readonly uploads: Uploads;
  stop(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024 * 1024;

/**
 * A small, strict GCS JSON-API server for the real `@google-cloud/storage` client (TESTING.md lists the
 * endpoints). It refuses what the real service refuses (bad names, bad ranges, misaligned resumable chunks,
 * hash mismatches, unknown upload types) so that it cannot hide client bugs. `POST /_test/deny/:bucket`
 * makes every request on that bucket answer 403, to test access denied.
 */
export async function startGcsServer(projectId = 'qwak-batch-test'): Promise<GcsJsonServer> {
  const store = new GcsStore();
  const denied = new Set<string>();
  let endpoint = '';
  const uploads = new Uploads(store, () => endpoint);

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await readBody(request);
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const deny = /^\/_test\/deny\/([^/]+)$/.exec(path);
    if (deny && method === 'POST') {
      denied.add(decodeURIComponent(deny[1]!));
      return json(response, 200, {});
    }
    const bucketOf = /^\/(?:upload\/|download\/)?storage\/v1\/b\/([^/]+)/.exec(path)?.[1];
    if (bucketOf && denied.has(decodeURIComponent(bucketOf))) {
      throw new GcsHttpError(403, 'forbidden', 'caller does not have storage.objects access to the bucket.');
    }
    if (path === '/storage/v1/b' && method === 'POST') {
      if (!url.searchParams.get('project'))
        throw new GcsHttpError(400, 'required', 'Required parameter: project');
      const bucket = store.createBucket((JSON.parse(body.toString() || '{}') as { name?: unknown }).name);
      return json(response, 200, {
        kind: 'storage#bucket',
        id: bucket.name,
        name: bucket.name,
        timeCreated: bucket.created.toISOString(),
      });
    }
    const bucketPath = /^\/storage\/v1\/b\/([^/]+)$/.exec(path);
    if (bucketPath && method === 'GET') {
      const bucket = store.bucket(decodeURIComponent(bucketPath[1]!));
      return json(response, 200, {
        kind: 'storage#bucket',
        id: bucket.name,
        name: bucket.name,
        timeCreated: bucket.created.toISOString(),
      });
    }
    const m1 = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(path);
    if (m1) {
      const bucket = decodeURIComponent(m1[1]!);
      if (method === 'POST' && !url.searchParams.has('upload_id'))
        return uploads.start(bucket, url, request, body, response);
      if ((method === 'PUT' || method === 'DELETE') && url.searchParams.has('upload_id')) {
        return uploads.chunk(url, request, body, response);
      }
    }
    const listPath = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(path);
    if (listPath && method === 'GET') {
      return json(response, 200, listObjects(store.bucket(decodeURIComponent(listPath[1]!)), url, endpoint));
    }
    const m2 = /^\/(?:download\/)?storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(path);
    if (m2) {
      const bucket = decodeURIComponent(m2[1]!);
      const name = decodeURIComponent(m2[2]!);
      if (method === 'DELETE') {
        store.object(bucket, name);
        store.bucket(bucket).objects.delete(name);
        response.writeHead(204).end();
        return;
      }
      if (method === 'GET') {
        const object = store.object(bucket, name);
        if (url.searchParams.get('alt') !== 'media')
          return json(response, 200, objectResource(object, endpoint));
        return sendMedia(request, response, object);
      }
    }
    throw new GcsHttpError(404, 'notFound', `Not Found: ${method} ${path}`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      const e = error instanceof GcsHttpError ? error : new GcsHttpError(500, 'backendError', String(error));
      json(response, e.status, {
        error: {
          code: e.status,
          message: e.message,
          errors: [{ message: e.message, domain: 'global', reason: e.reason }],
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    projectId,
    store,
    uploads,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new GcsHttpError(413, 'uploadTooLarge', 'Body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
    request.on('aborted', () => reject(new Error('client aborted')));
  });
}

function sendMedia(
  request: IncomingMessage,
  response: ServerResponse,
  object: ReturnType<GcsStore['object']>,
) {
  const size = object.data.length;
  const headers: Record<string, string | number> = {
    'content-type': object.contentType,
    'x-goog-generation': object.generation,
    'x-goog-metageneration': '1',
    'x-goog-stored-content-length': size,
    'x-goog-stored-content-encoding': 'identity',
    'x-goog-hash': `crc32c=${object.crc32c},md5=${object.md5Hash}`,
    'accept-ranges': 'bytes',
  };
  const range = request.headers.range;
  if (!range) {
    response.writeHead(200, { ...headers, 'content-length': size });
    response.end(object.data);
    return;
  }
  const m = /^bytes=(\d*)-(\d*)$/.exec(range);
  if (!m || (m[1] === '' && m[2] === '')) throw new GcsHttpError(400, 'invalid', `Invalid Range: ${range}`);
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) {
    throw new GcsHttpError(416, 'requestedRangeNotSatisfiable', 'The requested range cannot be satisfied.');
  }
  response.writeHead(206, {
    ...headers,
    'content-length': end - start + 1,
    'content-range': `bytes ${start}-${end}/${size}`,
  });
  response.end(object.data.subarray(start, end + 1));
}

export { compareNames };
