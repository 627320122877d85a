import { inspect } from 'node:util';

/**
 * Every string reachable from `root` through own properties (enumerable or not, the cause chain included),
 * Map and Set entries, plus its `util.inspect` renderings and its JSON: what anyone holding the error can read.
 */
export function reachableText(root: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const pending: unknown[] = [root];
  // A bound, in case a raw SDK error leads into sockets and agents.
  for (let budget = 200_000; pending.length > 0 && budget > 0; budget--) {
    const value = pending.pop();
    if (typeof value === 'string') parts.push(value);
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value))
      continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      parts.push(
        Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, 64 * 1024)).toString(),
      );
      continue;
    }
    if (value instanceof Map || value instanceof Set) for (const entry of value) pending.push(entry);
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'string') parts.push(key);
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) pending.push(descriptor.value);
    }
  }
  parts.push(inspect(root, { depth: 10 }), inspect(root, { depth: 10, showHidden: true }));
  try {
    parts.push(JSON.stringify(root) ?? '');
  } catch {
    // A circular structure: JSON does not apply.
  }
  return parts.join('\n');
}
