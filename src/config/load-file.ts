import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * Reads a configuration file: YAML (`.yaml`, `.yml`) or JSON (`.json`); any other name is read as YAML,
 * which also reads JSON. Throws {@link ConfigError} naming the file, and the line where the syntax is wrong.
 */
export async function readConfigFile(path: string): Promise<unknown> {
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
  try {
    if (extname(path).toLowerCase() === '.json') return JSON.parse(text);
    // Loaded on first use: most programs never read a YAML file.
    const { parse } = await import('yaml');
    return parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(
      [{ path: '(file)', message: `${path} is not valid ${extname(path).slice(1) || 'YAML'}: ${reason}` }],
      {
        cause: error,
        subject: `configuration file ${path}`,
      },
    );
  }
}
