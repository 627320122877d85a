import { BatchJobManagerClient } from '../../../src/api/client.js';
import type { BatchJobManagerClientOptions } from '../../../src/api/client-options.js';
import { PlatformGrpcServer, type PlatformGrpcServerOptions } from '../../servers/platform-grpc.js';
import { TOKEN } from '../fixtures.js';

export { sampleConfig, TOKEN } from '../fixtures.js';

/** A gRPC test server that accepts TOKEN, closed by `cleanup`. */
export async function grpcServer(
  options: Partial<PlatformGrpcServerOptions> = {},
): Promise<PlatformGrpcServer> {
  return PlatformGrpcServer.start({ acceptToken: (t) => t === TOKEN, ...options });
}

/** A gRPC client of `server` with fast retries. */
export function grpcClient(server: PlatformGrpcServer, options: BatchJobManagerClientOptions = {}) {
  return new BatchJobManagerClient({
    baseUrl: 'https://grpc.unused.example.com',
    grpcUrl: server.url,
    token: TOKEN,
    transport: 'grpc',
    env: {},
    retry: { initialDelay: 5, maxDelay: 20 },
    timeout: 2000,
    ...options,
  });
}
