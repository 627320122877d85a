import { createServer, type Server } from 'node:http';
import type { TestProject } from 'vitest/node';
import { type GcsJsonServer, startGcsServer } from './gcs-server/server.js';
import { type RadosgwServer, radosgwUnavailable, startRadosgw } from './radosgw.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the control server that starts the storage servers on demand (see test/helpers/storage-servers.ts). */
    storageControlUrl: string;
  }
}

/**
 * Runs once per test run. radosgw costs about 12 s and 630 MB, so it is started only when a test file first
 * asks for it (through a small control server on 127.0.0.1), and then shared by every file; the GCS JSON-API
 * server is cheap and starts the same way. Both are stopped at the end of the run.
 */
export default async function setup(project: TestProject) {
  let radosgw: Promise<RadosgwServer> | undefined;
  let gcs: Promise<GcsJsonServer> | undefined;
  const control: Server = createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.url === '/s3') {
      const why = process.env.QWAK_BATCH_NO_RADOSGW ? 'QWAK_BATCH_NO_RADOSGW is set' : radosgwUnavailable();
      if (why) return answer(200, { skip: why });
      radosgw ??= startRadosgw();
      radosgw.then(
        (s) =>
          answer(200, {
            endpoint: s.endpoint,
            region: s.region,
            accessKeyId: s.accessKeyId,
            secretAccessKey: s.secretAccessKey,
            roleArn: s.roleArn,
          }),
        (error: unknown) =>
          answer(500, { error: `radosgw failed to start: ${String((error as Error)?.message ?? error)}` }),
      );
      return;
    }
    if (request.url === '/gcs') {
      gcs ??= startGcsServer();
      gcs.then(
        (s) => answer(200, { endpoint: s.endpoint, projectId: s.projectId }),
        (error: unknown) => answer(500, { error: `the GCS server failed to start: ${String(error)}` }),
      );
      return;
    }
    answer(404, { error: 'unknown' });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const address = control.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  project.provide('storageControlUrl', `http://127.0.0.1:${port}`);
  return async () => {
    await new Promise((resolve) => control.close(resolve));
    await Promise.allSettled([radosgw?.then((s) => s.stop()), gcs?.then((s) => s.stop())]);
  };
}
