/** Units accepted in memory strings, as multiples of one MiB. */
const UNITS: Record<string, number> = {
  mi: 1,
  mib: 1,
  gi: 1024,
  gib: 1024,
  ti: 1024 * 1024,
  tib: 1024 * 1024,
};

/**
 * Parses a memory size into whole MiB: a number is MiB already; a string is a number with an optional
 * Kubernetes-style binary unit (`"512"`, `"512Mi"`, `"2Gi"`, `"1.5Gi"`, `"2GiB"`). Returns `undefined` for
 * anything else, or a size that is not a whole, positive number of MiB.
 */
export function parseMemory(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const factor = match[2] ? UNITS[match[2].toLowerCase()] : 1;
  if (factor === undefined) return undefined;
  const mib = Number(match[1]) * factor;
  return Number.isInteger(mib) && mib > 0 ? mib : undefined;
}
