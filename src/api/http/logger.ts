/**
 * Where the SDK reports what it does on the network (retries, new logins). Messages never hold a token or
 * an API key. Any object with these methods fits, `console` included.
 */
export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}
