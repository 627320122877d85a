import { StorageAccessDeniedError } from '../../errors.js';
import { throwIfAborted } from '../../internal/abort.js';
import type { S3Credentials, S3StorageOptions } from '../options.js';
import { safeCause } from '../safe-cause.js';
import type { SecretResolver } from '../secrets.js';
import { loadCredentialProviders } from './load-sdk.js';

/** What the S3 client's `credentials` option gets; `undefined` means the AWS default chain. */
export type S3CredentialInput = S3Credentials | (() => Promise<S3Credentials>) | undefined;

/**
 * The credentials for an S3 client, in the order documented on {@link S3StorageOptions}. Secret values are
 * read here and go straight into the SDK; messages name the secret, never its value.
 */
export async function resolveS3Credentials(
  options: S3StorageOptions,
  resolver: SecretResolver,
  uri: string,
  signal?: AbortSignal,
): Promise<S3CredentialInput> {
  let base: S3CredentialInput = options.credentials;
  if (!base && (options.accessTokenName || options.accessSecretName)) {
    const lookup = async (field: string, name: string | undefined) => {
      if (!name) {
        throw new StorageAccessDeniedError(
          'connect',
          uri,
          `${field} is not set; accessTokenName and accessSecretName go together`,
        );
      }
      throwIfAborted(signal);
      let value: string | undefined;
      try {
        value = await resolver(name);
      } catch (error) {
        throw new StorageAccessDeniedError(
          'connect',
          uri,
          `the secret resolver failed on "${name}" (${field})`,
          // A vault client's error may hold its own token (its request's headers).
          { cause: safeCause(error) },
        );
      }
      if (!value) {
        throw new StorageAccessDeniedError('connect', uri, `the secret "${name}" (${field}) was not found`);
      }
      return value.trim();
    };
    const accessKeyId = await lookup('accessTokenName', options.accessTokenName);
    const secretAccessKey = await lookup('accessSecretName', options.accessSecretName);
    base = { accessKeyId, secretAccessKey };
  }
  if (!options.iamRoleArn) return base;
  const { fromTemporaryCredentials } = await loadCredentialProviders();
  const roleArn = options.iamRoleArn;
  const assume = fromTemporaryCredentials({
    ...(base ? { masterCredentials: base } : {}),
    params: { RoleArn: roleArn, RoleSessionName: `qwak-batch-${Date.now()}`, DurationSeconds: 3600 },
    clientConfig: {
      region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
    },
  });
  // STS failures surface inside the first S3 call; name them as what they are, not as that call's failure
  // (an unknown role answers 404, which would otherwise read as a missing object).
  return async () => {
    try {
      return await assume();
    } catch (error) {
      const name = (error as { name?: string })?.name ?? 'Error';
      throw new StorageAccessDeniedError(
        'connect',
        uri,
        `assuming the IAM role "${roleArn}" failed (${name})`,
        {
          cause: error,
        },
      );
    }
  };
}
