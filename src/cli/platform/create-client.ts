import type { BatchJobManagerClient } from '../../api/client.js';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../io.js';

/** Flags that say where the platform is. */
export interface PlatformFlags {
  readonly environment?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly grpcUrl?: string | undefined;
  /** Where an API key is exchanged for a token (`--auth-url`, else `QWAK_AUTH_URL`). */
  readonly authUrl?: string | undefined;
}

/**
 * The platform client for remote commands: the address from `--environment`, `--base-url`, `--grpc-url`,
 * `QWAK_ENVIRONMENT` or `QWAK_BATCH_BASE_URL`; the token from `QWAK_TOKEN` or an API key from `QWAK_API_KEY`
 * (read by the client, never printed), exchanged at `--auth-url` or `QWAK_AUTH_URL` (default
 * https://grpc.qwak.ai). `uses: 'grpc'` (every command but `start`) accepts `--grpc-url` alone as the
 * address; `start` sends its call over REST, so it needs the REST address. Loaded on first use so that
 * `--help` stays fast.
 */
export async function createPlatformClient(
  flags: PlatformFlags,
  io: CliIo,
  uses: 'grpc' | 'rest',
): Promise<BatchJobManagerClient> {
  const env = io.env;
  const rest = flags.environment || flags.baseUrl || env.QWAK_ENVIRONMENT || env.QWAK_BATCH_BASE_URL;
  if (!rest && !(uses === 'grpc' && flags.grpcUrl)) {
    throw new UsageError(
      uses === 'grpc'
        ? 'no platform address: give --environment <name> (your account, shown at the bottom left of the dashboard), --base-url <url> or --grpc-url <url>, or set QWAK_ENVIRONMENT'
        : 'no platform address: give --environment <name> (your account, shown at the bottom left of the dashboard) or --base-url <url>, or set QWAK_ENVIRONMENT',
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
    authUrl: flags.authUrl || env.QWAK_AUTH_URL || undefined,
    env: io.env,
  });
}

/** The platform flags of a command's parsed flags. */
export function platformFlags(flags: Readonly<Record<string, unknown>>): PlatformFlags {
  return {
    environment: flags.environment as string | undefined,
    baseUrl: flags['base-url'] as string | undefined,
    grpcUrl: flags['grpc-url'] as string | undefined,
    authUrl: flags['auth-url'] as string | undefined,
  };
}

/** The `--auth-url` flag (remote commands and `execution start`). */
export const AUTH_URL_FLAG = {
  type: 'string',
  valueName: '<url>',
  group: 'Platform',
  description:
    'Where an API key (QWAK_API_KEY) is exchanged for a token (default: https://grpc.qwak.ai); env QWAK_AUTH_URL',
} as const;

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
    description: 'Address of the gRPC API (default: the host of the base URL, port 443); enough alone',
  },
  'auth-url': AUTH_URL_FLAG,
  json: { type: 'boolean', group: 'Output', description: 'Print the result as JSON on stdout' },
} as const;
