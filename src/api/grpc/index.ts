// The gRPC transport of the batch job manager (subpath `qwak-batch/grpc`). `BatchJobManagerClient` loads
// this module on its first gRPC call; it loads `@grpc/grpc-js` and `@grpc/proto-loader` in turn.
export { BATCH_JOB_DESCRIPTOR } from './descriptor.js';
export type { GrpcServiceError } from './load.js';
export { loadServiceDefinition, PROTO_LOADER_OPTIONS, SERVICE_NAME } from './load.js';
export { GRPC_CODE_NAMES, mapGrpcError } from './map-grpc-error.js';
export { toStartBatchJobRequest, toStartWarmupRequest } from './start-job-request.js';
export type { BatchJobMethod, GrpcCallOptions, GrpcTransport, GrpcTransportOptions } from './transport.js';
export { createGrpcTransport, parseTarget } from './transport.js';
