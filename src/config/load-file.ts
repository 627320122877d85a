import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ConfigError } from '../errors.js';
import { jsonErrorOffset, lineAndColumn, type SourcePosition } from './source-positions.js';

/** A configuration file as read: its parsed value and its text (for the line of each later problem). */
export interface ConfigSource {
  readonly value: unknown;
  readonly text: string;
}

/**
 * Reads a configuration file: YAML (`.yaml`, `.yml`) or JSON (`.json`); any other name is read as YAML,
 * which also reads JSON. Throws {@link ConfigError} naming the file, and the line and column where the syntax
 * is wrong.
 */
export async function readConfigSource(path: string): Promise<ConfigSource> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new ConfigError([{ path: '(file)', message: `${path}: ${reason}` }], {
      cause: error,
      subject: `configuration file ${path}`,
    });
  }
  const json = extname(path).toLowerCase() === '.json';
  const fail = (error: unknown, at: SourcePosition | undefined, reason: string): never => {
    // As parsers put it ("… at line 3, column 5"), the place where JSON.parse gave a character position.
    const where = at ? ` at line ${at.line}, column ${at.column}` : '';
    throw new ConfigError(
      [
        {
          path: '(file)',
          message: `${path} is not valid ${json ? 'JSON' : 'YAML'}: ${reason}${where}`,
          ...(at ?? {}),
        },
      ],
      { cause: error, subject: `configuration file ${path}` },
    );
  };
  if (json) {
    try {
      return { value: JSON.parse(text), text };
    } catch (error) {
      return fail(error, ...jsonSyntaxError(error, text));
    }
  }
  // Loaded on first use: most programs never read a YAML file.
  const { LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    return fail(first, { line, column: col }, first.message);
  }
  try {
    return { value: doc.toJS(), text };
  } catch (error) {
    return fail(error, undefined, error instanceof Error ? error.message : String(error));
  }
}

/** The value of a configuration file; see {@link readConfigSource}. */
export async function readConfigFile(path: string): Promise<unknown> {
  return (await readConfigSource(path)).value;
}

/**
 * Where and why `JSON.parse` failed. V8 names a character offset ("… in JSON at position 69", on newer versions
 * followed by "(line 3 column 5)"), or none: at the end of the text, or for an unexpected token, whose message
 * quotes the text instead.
 */
function jsonSyntaxError(error: unknown, text: string): [SourcePosition | undefined, string] {
  const message = error instanceof Error ? error.message : String(error);
  const withPosition = /^(.*?)(?: in JSON)? at position (\d+)/s.exec(message);
  if (withPosition) return [lineAndColumn(text, Number(withPosition[2])), withPosition[1]!.trim()];
  if (/Unexpected end of JSON input/.test(message)) {
    return [lineAndColumn(text, text.length), 'the text ends before the JSON value does'];
  }
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return [undefined, message.split('\n')[0] ?? message];
  // The character as JSON writes it, so that a line break reads "\n" and not as a break in the message.
  return [lineAndColumn(text, offset), `unexpected character ${JSON.stringify(text[offset] ?? '')}`];
}
