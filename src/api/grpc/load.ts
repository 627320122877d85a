import { MissingDependencyError } from '../../errors.js';
import { BATCH_JOB_DESCRIPTOR } from './descriptor.js';

/** The parts of `@grpc/grpc-js` the transport uses (kept structural so that its types stay out of ours). */
export interface GrpcModule {
  credentials: {
    createSsl(): unknown;
    createInsecure(): unknown;
  };
  Metadata: new () => { set(key: string, value: string): void };
  status: Record<string, number | string>;
}

/** A unary method of the generated client: (request, metadata, options, callback) → call. */
export type UnaryMethod = (
  request: object,
  metadata: unknown,
  options: { deadline: Date },
  callback: (error: GrpcServiceError | null, response?: unknown) => void,
) => { cancel(): void };

/** What grpc-js hands a callback on failure. */
export interface GrpcServiceError extends Error {
  code: number;
  details?: string;
  metadata?: unknown;
}

/** A generated client of BatchJobManagementService. */
export interface ServiceClient {
  [method: string]: UnaryMethod | unknown;
  close(): void;
}

/** The loaded runtime: grpc-js and the client constructor of the service. */
export interface GrpcRuntime {
  readonly grpc: GrpcModule;
  readonly ServiceClient: new (target: string, credentials: unknown, options?: object) => ServiceClient;
}

/** Options of `@grpc/proto-loader` that shape messages: snake_case fields, enums by name, defaults filled. */
export const PROTO_LOADER_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  arrays: true,
  oneofs: true,
} as const;

export const SERVICE_NAME = 'qwak.batchjob.BatchJobManagementService';

let runtime: Promise<GrpcRuntime> | undefined;

/**
 * Loads `@grpc/grpc-js` and `@grpc/proto-loader` on first use (they are heavy, and only gRPC calls need
 * them) and builds the service from the embedded descriptor. Throws MissingDependencyError when either
 * package is not installed.
 */
export function loadGrpcRuntime(): Promise<GrpcRuntime> {
  runtime ??= (async () => {
    const [grpc, loader] = await importBoth<
      typeof import('@grpc/grpc-js'),
      typeof import('@grpc/proto-loader')
    >('@grpc/grpc-js', '@grpc/proto-loader');
    const definition = loader.fromJSON(
      BATCH_JOB_DESCRIPTOR as Parameters<typeof loader.fromJSON>[0],
      PROTO_LOADER_OPTIONS,
    );
    const loaded = grpc.loadPackageDefinition(definition) as unknown as Record<string, unknown>;
    const ServiceClient = SERVICE_NAME.split('.').reduce<unknown>(
      (node, key) => (node as Record<string, unknown>)[key],
      loaded,
    ) as GrpcRuntime['ServiceClient'];
    return { grpc: grpc as unknown as GrpcModule, ServiceClient };
  })();
  runtime.catch(() => {
    runtime = undefined;
  });
  return runtime;
}

/** Both optional packages of gRPC calls, or one error that names every one missing. */
async function importBoth<A, B>(first: string, second: string): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([importModule<A>(first), importModule<B>(second)]);
  if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value];
  const missing = [a.status === 'rejected' ? first : undefined, b.status === 'rejected' ? second : undefined];
  const cause = a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
  throw new MissingDependencyError(
    missing.filter((name): name is string => name !== undefined),
    'Calling the platform over gRPC',
    { cause },
  );
}

async function importModule<T>(name: string): Promise<T> {
  const module = (await import(name)) as T & { default?: T };
  // CommonJS packages arrive as a namespace whose `default` is module.exports.
  return (module.default ?? module) as T;
}

/** The server-side definition of the service, for test servers (same descriptor, same loader options). */
export async function loadServiceDefinition(): Promise<unknown> {
  const { ServiceClient } = await loadGrpcRuntime();
  return (ServiceClient as unknown as { service: unknown }).service;
}
