import type { Pair, Node as YamlNode } from 'yaml';
import { camelKey } from './camel-sections.js';

/** A place in a configuration file, both 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** The 1-based line and column of character `offset` of `text`. */
export function lineAndColumn(text: string, offset: number): SourcePosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: before.length - lineStart + 1 };
}

/**
 * The offset where `JSON.parse(text)` fails, for the messages of V8 that name none ("Unexpected token '}', …
 * is not valid JSON"): the shortest prefix that is wrong, and not merely unfinished, ends there.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const wrong = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      const at = /at position (\d+)/.exec(message);
      if (at) return Number(at[1]) < length;
      return !/Unexpected end of JSON input/.test(message);
    }
  };
  if (!wrong(text.length)) return undefined;
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (wrong(mid)) high = mid;
    else low = mid + 1;
  }
  return low - 1;
}

/**
 * Finds the place of a dotted config path (`execution.jobTimeout`) in a YAML or JSON text: the field's key
 * (the value follows it, usually on the same line); for a field that is missing, the key of the nearest
 * section that is there. Keys in the file may be snake_case. Returns `undefined` when the text does not parse or nothing matches.
 */
export async function positionFinder(text: string): Promise<(path: string) => SourcePosition | undefined> {
  const { isMap, isScalar, LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  const at = (node: YamlNode | null | undefined): SourcePosition | undefined => {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return (path) => {
    let node: unknown = doc.contents;
    let found: SourcePosition | undefined;
    for (const segment of path.split('.')) {
      if (!isMap(node)) break;
      const keyOf = (item: Pair<unknown, unknown>) =>
        isScalar(item.key) ? String(item.key.value) : undefined;
      const pair =
        node.items.find((item) => keyOf(item) === segment) ??
        node.items.find((item) => camelKey(keyOf(item) ?? '') === segment);
      if (!pair) break;
      found = at(pair.key as YamlNode) ?? found;
      node = pair.value;
    }
    return found;
  };
}
