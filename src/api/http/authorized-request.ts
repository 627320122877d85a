import { AuthenticationError } from '../../errors.js';
import type { TokenProvider } from '../auth/token-provider.js';
import { type HttpContext, type HttpRequest, type HttpResponse, requestJson } from './request-json.js';

/**
 * Sends `request` with `authorization: Bearer <token>`. After a 401 from the call itself it logs in again
 * once, when the provider can (an API key is in use); a refused login is not tried twice.
 */
export async function authorizedRequest(
  http: HttpContext,
  tokens: TokenProvider,
  request: Omit<HttpRequest, 'headers'> & { headers?: Readonly<Record<string, string>> },
): Promise<HttpResponse> {
  const send = (token: string) =>
    requestJson(http, { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
  const token = await tokens.getToken(request.signal);
  try {
    return await send(token);
  } catch (error) {
    if (!(error instanceof AuthenticationError) || !tokens.refreshable) throw error;
    http.logger?.debug?.(`${request.method} ${request.url}: HTTP 401, logging in again`);
    tokens.invalidate(token);
    return send(await tokens.getToken(request.signal));
  }
}
