import { APIResponseError } from '../../errors.js';
import { type HttpContext, requestJson } from '../http/request-json.js';
import { joinUrl } from '../http/secure-url.js';
import { jwtExpiry } from './jwt-expiry.js';

/** The path of the API key → token exchange (WIRE.md). */
export const API_KEY_EXCHANGE_PATH = '/api/v1/authentication/qwak-api-key';

/** A token obtained for an API key. */
export interface ExchangedToken {
  readonly token: string;
  /** When the token stops working, in milliseconds since the epoch; `undefined` when the answer did not say. */
  readonly expiresAt: number | undefined;
}

/**
 * Exchanges an API key for a bearer token: `POST <authUrl>/api/v1/authentication/qwak-api-key` with
 * `{"qwakApiKey": key}`, answer `{"accessToken", "expiredAt"}` (snake_case accepted too). The expiry comes
 * from the JWT's `exp`, else from `expiredAt` (unix seconds).
 */
export async function exchangeApiKey(
  ctx: HttpContext,
  authUrl: URL,
  apiKey: string,
  signal?: AbortSignal,
): Promise<ExchangedToken> {
  const url = joinUrl(authUrl, API_KEY_EXCHANGE_PATH);
  const { body } = await requestJson(ctx, { method: 'POST', url, body: { qwakApiKey: apiKey }, signal });
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const token = record?.accessToken ?? record?.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new APIResponseError(`POST ${url} answered without an accessToken`, { method: 'POST', url });
  }
  const expiredAt = Number(record?.expiredAt ?? record?.expired_at);
  const expiresAt =
    jwtExpiry(token) ?? (Number.isFinite(expiredAt) && expiredAt > 0 ? expiredAt * 1000 : undefined);
  return { token, expiresAt };
}
