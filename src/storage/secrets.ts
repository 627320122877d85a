/**
 * Looks up a secret by name (e.g. the `accessTokenName` of an execution config) and resolves to its value,
 * or `undefined` when there is no such secret. On the platform, names point into the Qwak secret service;
 * locally the default reads environment variables. Plug in your own to read a vault.
 */
export type SecretResolver = (name: string) => Promise<string | undefined>;

/** The default {@link SecretResolver}: the environment variable of that name (empty counts as missing). */
export const envSecretResolver: SecretResolver = async (name) => {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
};
