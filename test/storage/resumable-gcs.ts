import { afterAll, beforeAll } from 'vitest';
import { openStorage } from '../../src/storage/index.js';
import type { StorageAdapter } from '../../src/storage/types.js';
import { FaultProxy } from '../setup/fault-proxy.js';
import { type GcsJsonServer, startGcsServer } from '../setup/gcs-server/server.js';

const MiB = 1024 * 1024;

/** A GCS JSON-API server of the file's own, the fault proxy in front of it, and a store that goes through it. */
export interface ResumableGcs {
  server: GcsJsonServer;
  proxy: FaultProxy;
  /** `gs://<bucket>/<prefix>`: writes past 2 MiB are resumable, in 1 MiB chunks, with 2 attempts per request. */
  store: StorageAdapter;
}

/**
 * Starts, before the file's tests, an in-process GCS server with `bucket`, a fault proxy and a store on
 * `gs://<bucket>/<prefix>`; stops them after. The fields are set once the file's `beforeAll` hooks have run.
 */
export function useResumableGcs(bucket: string, prefix: string): ResumableGcs {
  const gcs = {} as ResumableGcs;
  beforeAll(async () => {
    gcs.server = await startGcsServer();
    gcs.server.store.createBucket(bucket);
    gcs.proxy = await FaultProxy.start(gcs.server.endpoint);
    gcs.store = await openStorage(`gs://${bucket}/${prefix}`, {
      gcs: {
        apiEndpoint: gcs.proxy.endpoint,
        projectId: gcs.server.projectId,
        resumableThreshold: 2 * MiB,
        chunkSize: MiB,
        maxAttempts: 2,
      },
    });
  });
  afterAll(async () => {
    await gcs.proxy?.stop();
    await gcs.server?.stop();
  });
  return gcs;
}
