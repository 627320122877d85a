import { describe } from 'vitest';
import { openStorage } from '../../src/storage/index.js';
import { gcsTestServer } from '../helpers/storage-servers.js';
import { describeConformance } from './conformance.js';

const server = await gcsTestServer();
const MiB = 1024 * 1024;

describe('gcs against the GCS JSON-API server', () => {
  describeConformance('gcs', () => ({
    async fresh() {
      const bucket = await server.createBucket('conf');
      return openStorage(`gs://${bucket}/root/folder`, {
        gcs: { ...server.gcsOptions, resumableThreshold: 4 * MiB, chunkSize: 1 * MiB },
      });
    },
    async missing() {
      return openStorage('gs://no-such-bucket-qb/x', { gcs: server.gcsOptions });
    },
    largeSize: 6 * MiB,
  }));
});
