import { fileURLToPath } from 'node:url';
import { parseModuleGraph } from './parse-module-graph.js';

/** Where a SyntaxError that stopped a model module from loading is, as V8 reports it. */
export interface SyntaxErrorLocation {
  /** Path of the file that does not parse: the model module or a module it imports. */
  readonly file: string;
  /** Line, from 1. */
  readonly line: number;
  /** Column of the caret's first `^`, from 1; `undefined` when V8 marks none (an unexpected end of input). */
  readonly column: number | undefined;
  /** Node's three lines: `<file>:<line>`, the source line, and the caret under the token. */
  readonly excerpt: string;
}

/** Node's first line of a located error: a `file:` URL or a path (POSIX or Windows), then `:<line>`. */
const HEADER = /^(file:\/\/.+|\/.+|[A-Za-z]:[\\/].+):(\d+)$/;

/**
 * The location of `error` when it is a SyntaxError that stopped the module `url` from loading, also when the
 * file that does not parse is a module that `url` imports. Node writes the location on top of the stack of a
 * CommonJS module's error and of a missing named export; for an ES module that does not parse, V8 keeps it
 * for Node's own printing of an uncaught error, so a child process parses the module graph again (see
 * {@link parseModuleGraph}), only on this failure path. That location is then written on top of the error's
 * stack, as Node does for CommonJS, so that a printed stack shows the source line and its caret.
 * `undefined` for any other error, or when no location can be found (a SyntaxError thrown by the model's own
 * code when it runs, e.g. by `JSON.parse`, has none: its stack says where).
 */
export async function locateSyntaxError(
  error: unknown,
  url: string,
): Promise<SyntaxErrorLocation | undefined> {
  if (!(error instanceof Error) || error.name !== 'SyntaxError') return undefined;
  const stack = typeof error.stack === 'string' ? error.stack : '';
  const inStack = locationIn(stack, error.message);
  if (inStack || !url.startsWith('file:')) return inStack;
  const printed = await parseModuleGraph(url);
  const location = printed === undefined ? undefined : locationIn(printed, error.message);
  if (location) {
    Object.defineProperty(error, 'stack', {
      value: `${location.excerpt}\n\n${stack}`,
      writable: true,
      configurable: true,
    });
  }
  return location;
}

/** `location` as `<file>:<line>:<column>`, the column left out when V8 gives none. */
export function formatLocation(location: SyntaxErrorLocation): string {
  return `${location.file}:${location.line}${location.column === undefined ? '' : `:${location.column}`}`;
}

/**
 * The location at the top of `text` (a stack, or Node's printing of an uncaught error), when it is there and
 * the SyntaxError that follows it has `message` (so that it is the location of this error, not of another).
 */
function locationIn(text: string, message: string): SyntaxErrorLocation | undefined {
  const lines = text.split('\n');
  const header = HEADER.exec(lines[0] ?? '');
  if (!header || !text.includes(`SyntaxError: ${message}`)) return undefined;
  const caret = lines[2] ?? '';
  const column = /^[ \t]*\^/.test(caret) ? caret.indexOf('^') + 1 : undefined;
  const name = header[1]!;
  return {
    file: name.startsWith('file:') ? fileURLToPath(name) : name,
    line: Number(header[2]),
    column,
    excerpt: lines.slice(0, column === undefined ? 2 : 3).join('\n'),
  };
}
