import { StorageAccessDeniedError } from '../../errors.js';
import type { GcsServiceAccountKey, GcsStorageOptions } from '../options.js';
import { safeCause } from '../safe-cause.js';
import type { SecretResolver } from '../secrets.js';

/**
 * The service-account key to use, or `undefined` for Google's application default credentials. A key read
 * from a secret is checked here; the messages name the secret, never a byte of its value (not even as the
 * `cause`, since JSON.parse quotes its input).
 */
export async function resolveGcsKey(
  options: GcsStorageOptions,
  resolver: SecretResolver,
  uri: string,
): Promise<GcsServiceAccountKey | undefined> {
  if (options.credentials) return options.credentials;
  const name = options.serviceAccountKeySecretName;
  if (!name) return undefined;
  let value: string | undefined;
  try {
    value = await resolver(name);
  } catch (error) {
    throw new StorageAccessDeniedError(
      'connect',
      uri,
      `the secret resolver failed on "${name}" (serviceAccountKeySecretName)`,
      // A vault client's error may hold its own token (its request's headers).
      { cause: safeCause(error) },
    );
  }
  if (!value) {
    throw new StorageAccessDeniedError(
      'connect',
      uri,
      `the secret "${name}" (serviceAccountKeySecretName) was not found`,
    );
  }
  let key: Partial<GcsServiceAccountKey> | undefined;
  try {
    key = JSON.parse(value) as Partial<GcsServiceAccountKey>;
  } catch {
    key = undefined;
  }
  if (!key || typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new StorageAccessDeniedError(
      'connect',
      uri,
      `the secret "${name}" (serviceAccountKeySecretName) is not a service-account key in JSON (with client_email and private_key)`,
    );
  }
  return key as GcsServiceAccountKey;
}
