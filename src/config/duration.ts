const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Parses a duration into whole seconds: a number is seconds already; a string is digits with an optional
 * unit `s`, `m` or `h` (`"90"`, `"90s"`, `"15m"`, `"2h"`). Returns `undefined` for anything else, a negative
 * or a fractional number of seconds.
 */
export function parseDuration(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+)\s*([smh]?)\s*$/i.exec(value);
  if (!match) return undefined;
  const seconds = Number(match[1]) * (UNITS[(match[2] || 's').toLowerCase()] ?? 1);
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}
