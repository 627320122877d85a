/**
 * A given value as an error message quotes it: JSON where that is faithful, else `String()` (so NaN, Infinity
 * and -Infinity show as themselves, not as JSON's `null`); cut to 60 characters.
 */
export function showValue(value: unknown): string {
  const text =
    typeof value === 'bigint'
      ? `${value}n`
      : typeof value === 'number' && !Number.isFinite(value)
        ? String(value)
        : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
