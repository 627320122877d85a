import { MissingDependencyError } from '../../errors.js';

type ClientS3 = typeof import('@aws-sdk/client-s3');
type CredentialProviders = typeof import('@aws-sdk/credential-providers');

let clientS3: Promise<ClientS3> | undefined;

/** `@aws-sdk/client-s3`, imported on first use so that nothing loads it until an `s3://` URI is opened. */
export function loadClientS3(): Promise<ClientS3> {
  clientS3 ??= import('@aws-sdk/client-s3').catch((error: unknown) => {
    clientS3 = undefined;
    throw new MissingDependencyError('@aws-sdk/client-s3', 'Reading or writing s3:// URIs', { cause: error });
  });
  return clientS3;
}

/** `@aws-sdk/credential-providers`, needed only to assume an IAM role. */
export async function loadCredentialProviders(): Promise<CredentialProviders> {
  try {
    return await import('@aws-sdk/credential-providers');
  } catch (error) {
    throw new MissingDependencyError('@aws-sdk/credential-providers', 'Assuming an IAM role (iamRoleArn)', {
      cause: error,
    });
  }
}
