import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BATCH_JOB_DESCRIPTOR } from '../../../src/api/grpc/descriptor.js';
import { loadServiceDefinition } from '../../../src/api/grpc/load.js';
import { buildDescriptor, PROTO_DIR } from './generate-descriptor.js';

const protosPresent = existsSync(PROTO_DIR);

describe('embedded gRPC descriptor', () => {
  it.skipIf(!protosPresent)('matches the .proto files (regenerate with generate-descriptor.ts)', () => {
    expect(BATCH_JOB_DESCRIPTOR).toEqual(buildDescriptor());
  });

  it('defines every RPC the SDK calls, with the inferred AwsTemporaryCredentials fields', async () => {
    const service = (await loadServiceDefinition()) as Record<string, { path: string }>;
    for (const rpc of [
      'StartBatchJob',
      'CancelBatchJob',
      'StartWarmupJob',
      'CancelWarmupJob',
      'GetBatchJobStatus',
      'GetBatchJobReport',
      'ListBatchJobs',
      'GetBatchJobDetails',
      'GetBatchJobPreSignedUploadUrl',
      'GetBatchJobPreSignedDownloadUrl',
      'GetBatchJobUploadDetails',
      'GetBatchJobDownloadDetails',
    ]) {
      expect(service[rpc]?.path).toBe(`/qwak.batchjob.BatchJobManagementService/${rpc}`);
    }
    const text = JSON.stringify(BATCH_JOB_DESCRIPTOR);
    expect(text).toContain(
      '"AwsTemporaryCredentials":{"fields":{"access_key_id":{"type":"string","id":1},"secret_access_key":{"type":"string","id":2},"session_token":{"type":"string","id":3},"expiration_time":{"type":".google.protobuf.Timestamp","id":4}}}',
    );
  });
});
