import { spawn } from 'node:child_process';

/** How long the parsing child process may take before it is killed (the location is then left out). */
const PARSE_TIMEOUT_MS = 10_000;

/**
 * The script of the child process: it parses the ES module at `process.argv[1]` and the files it imports
 * (relative and `file:` specifiers, depth first, as Node links them), without running any of them. At the first
 * file that does not parse it lets the SyntaxError go uncaught, so that Node prints its location (`<url>:<line>`,
 * the source line and a caret) on stderr, as it does for a script run from the command line; V8 keeps that
 * location out of the error's stack and message for an ES module. A `.js` file that parses as CommonJS is
 * CommonJS to Node (its syntax errors keep their location), so it ends the walk there, as a `.cjs` file does.
 */
const SCRIPT = `
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const seen = new Set();

function packageType(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type;
    } catch (error) {
      if (error.code !== 'ENOENT') return undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function parsesAsCommonJs(source, file) {
  try {
    new vm.Script('(function (exports, require, module, __filename, __dirname) {' + source + '\\n})', {
      filename: file,
    });
    return true;
  } catch {
    return false;
  }
}

function visit(url) {
  if (seen.has(url) || !url.startsWith('file:')) return;
  seen.add(url);
  const file = fileURLToPath(url);
  if (!file.endsWith('.mjs') && !file.endsWith('.js')) return;
  const source = readFileSync(file, 'utf8');
  let module;
  try {
    module = new vm.SourceTextModule(source, { identifier: url });
  } catch (error) {
    if (file.endsWith('.js') && packageType(file) !== 'module' && parsesAsCommonJs(source, file)) return;
    throw error;
  }
  const specifiers = module.moduleRequests?.map((request) => request.specifier) ?? module.dependencySpecifiers;
  for (const specifier of specifiers) {
    if (/^(\\.{0,2}\\/|file:)/.test(specifier)) visit(new URL(specifier, url).href);
  }
}

try {
  visit(process.argv[1]);
} catch (error) {
  if (!(error instanceof SyntaxError)) process.exit(0);
  throw error;
}
`;

/**
 * What Node prints on stderr for the first file of the module graph of `url` (a `file:` URL) that does not
 * parse: its location, source line and caret, then the SyntaxError. `undefined` when every file parses, or
 * when the child process cannot run or does not answer within `PARSE_TIMEOUT_MS`.
 *
 * Only called when a model failed to load with a SyntaxError: a child process (about 50 ms) costs nothing to a
 * model that loads. Nothing of the model runs there: it is parsed, never linked nor evaluated.
 */
export function parseModuleGraph(url: string): Promise<string | undefined> {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  // The caller's flags (an --inspect port, a --require hook) have no business in the check.
  delete env.NODE_OPTIONS;
  const args = ['--experimental-vm-modules', '--no-warnings', '--input-type=module', '-e', SCRIPT, url];
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    } catch {
      // E.g. a process started with --permission and without --allow-child-process.
      return resolve(undefined);
    }
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PARSE_TIMEOUT_MS);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 1 ? stderr : undefined);
    });
  });
}
