import type { BatchJobManagerClient } from '../../api/client.js';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../io.js';

/** Flags that say where the platform is. */
export interface PlatformFlags {
  readonly environment?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly grpcUrl?: string | undefined;
}

/**
 * The platform client for remote commands: the address from `--environment`, `--base-url` or
 * `QWAK_ENVIRONMENT`; the token from `QWAK_TOKEN` or an API key from `QWAK_API_KEY` (read by the client, never
 * printed). Loaded on first use so that `--help` stays fast.
 */
export async function createPlatformClient(flags: PlatformFlags, io: CliIo): Promise<BatchJobManagerClient> {
  const env = io.env;
  if (!flags.environment && !flags.baseUrl && !env.QWAK_ENVIRONMENT && !env.QWAK_BATCH_BASE_URL) {
    throw new UsageError(
      'no platform address: give --environment <name> (your account, shown at the bottom left of the dashboard) or --base-url <url>, or set QWAK_ENVIRONMENT',
    );
  }
  if (!env.QWAK_TOKEN && !env.QWAK_API_KEY) {
    throw new UsageError(
      'no credentials: set QWAK_TOKEN (a token) or QWAK_API_KEY (an API key) in the environment',
    );
  }
  const { BatchJobManagerClient } = await import('../../api/client.js');
  return new BatchJobManagerClient({
    environment: flags.environment,
    baseUrl: flags.baseUrl,
    grpcUrl: flags.grpcUrl,
    env: io.env,
  });
}

/** The flags every remote command takes. */
export const PLATFORM_FLAGS = {
  environment: {
    type: 'string',
    valueName: '<name>',
    group: 'Platform',
    description: 'Account environment (https://grpc.<name>.qwak.ai); env QWAK_ENVIRONMENT',
  },
  'base-url': {
    type: 'string',
    valueName: '<url>',
    group: 'Platform',
    description: 'Base URL of the platform API instead of --environment',
  },
  'grpc-url': {
    type: 'string',
    valueName: '<url>',
    group: 'Platform',
    description: 'Address of the gRPC API (default: the host of the base URL, port 443)',
  },
  json: { type: 'boolean', group: 'Output', description: 'Print the result as JSON on stdout' },
} as const;
