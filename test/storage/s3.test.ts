import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { describe } from 'vitest';
import { openStorage, parseStorageUri } from '../../src/storage/index.js';
import { s3TestServer } from '../helpers/storage-servers.js';
import { describeConformance } from './conformance.js';

const server = await s3TestServer();
const MiB = 1024 * 1024;

describe('s3 against radosgw', () => {
  describeConformance(
    's3',
    () => ({
      async fresh() {
        const bucket = await server.createBucket('conf');
        return openStorage(`s3://${bucket}/root/folder`, {
          s3: { ...server.s3Options, multipartThreshold: 5 * MiB, partSize: 5 * MiB },
        });
      },
      async missing() {
        return openStorage('s3://no-such-bucket-qb/x', { s3: server.s3Options });
      },
      largeSize: 12 * MiB,
      async pendingUploads(store) {
        const location = parseStorageUri(store.uri);
        if (location.scheme !== 's3') throw new Error('not s3');
        const raw = new S3Client(server.s3Options);
        try {
          const answer = await raw.send(new ListMultipartUploadsCommand({ Bucket: location.bucket }));
          return answer.Uploads?.length ?? 0;
        } finally {
          raw.destroy();
        }
      },
    }),
    server.available ? undefined : server.skipReason,
  );
});
