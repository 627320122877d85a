import { UsageError } from '../../errors.js';

/**
 * Parses `value` as the base URL of a platform service and refuses what would leak a token: anything but
 * `https:`, except plain `http:` to a loopback address (local test servers). The result has no trailing slash.
 *
 * @param what names the option in the error message, e.g. `baseUrl`.
 */
export function parseSecureBaseUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new UsageError(`${what} is not a valid URL: ${JSON.stringify(value)}`, { cause });
  }
  if (url.username || url.password) {
    throw new UsageError(`${what} must not carry a user name or password; pass credentials as options`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `${what} uses plain http:// to ${url.hostname}, which would send the token unencrypted; use https:// (plain http:// is allowed for loopback addresses only)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${what} must be an https:// URL, got ${url.protocol}//`);
  }
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** `path` (starting with `/`) under `base`, keeping any path prefix of `base`. */
export function joinUrl(base: URL, path: string): string {
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`;
}

/** True for `localhost`, 127.0.0.0/8 and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}
