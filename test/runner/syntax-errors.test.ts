import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRows, tempDir, writeInput } from './fixtures.js';

/*
 * A model module that does not load because a file of it does not parse: the PredictorError names that file
 * with its line and column, in worker threads and on the calling thread, and the cause's stack starts with the
 * source line and its caret (what the CLI's --debug prints).
 */

// The built runner the child process imports (vitest's module resolution does not reach a child).
const RUNNER_MODULE = process.env.QWAK_RUNNER_MODULE ?? new URL('../../dist/runner.js', import.meta.url).href;
const SCRIPT = fileURLToPath(new URL('./scripts/load-failure.mjs', import.meta.url));

/** Line 8 holds one `}` too many, at column 1. */
const BROKEN_ESM = `export function predict(table) {
  return table;
}

function unused() {
  if (true) {
  }}
}
`;

let dir: Awaited<ReturnType<typeof tempDir>>;
let source: string;
let n = 0;
const models: Record<string, string> = {};

beforeAll(async () => {
  dir = await tempDir('qwak-syntax-');
  source = join(dir.path, 'in');
  await mkdir(source);
  await writeInput(join(source, 'a.csv'), 'csv', sampleRows(3));
  const write = async (name: string, text: string) => {
    const path = join(dir.path, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    models[name] = path;
  };
  await write('esm/model.mjs', BROKEN_ESM);
  await write('cjs/model.cjs', 'exports.predict = function (table) {\n  return table;\n};\n  }\n');
  await write(
    'helper/model.mjs',
    "import { scale } from './lib/scale.mjs';\nexport const predict = (table) => scale(table);\n",
  );
  await write('helper/lib/scale.mjs', 'export function scale(table) {\n  return table +;\n}\n');
  await write(
    'export/model.mjs',
    "import { nope } from './ok.mjs';\nexport const predict = (t) => nope(t);\n",
  );
  // A .js file that is CommonJS (a top-level `return` is no ES module) comes first: the search passes it by.
  await write('typeless/package.json', '{}\n');
  await write(
    'typeless/model.mjs',
    "import './cjs.js';\nimport { predict } from './esm.js';\nexport { predict };\n",
  );
  await write('typeless/cjs.js', 'if (!globalThis.x) return;\nmodule.exports = {};\n');
  await write('typeless/esm.js', 'export const predict = (table) => table;\nexport const n = 1 1;\n');
  await write('export/ok.mjs', 'export const yes = 1;\n');
  await write(
    'runtime/model.mjs',
    "const config = JSON.parse('{');\nexport const predict = (table) => table;\n",
  );
});
afterAll(() => dir.cleanup());

/** How a run of `model` failed, run by a child process (see scripts/load-failure.mjs). */
async function loadFailure(
  model: string,
  threads: boolean,
  runs = 1,
): Promise<{ message: string; causeStack: string }> {
  const child = spawn(process.execPath, [SCRIPT], {
    env: {
      ...process.env,
      RUNNER_MODULE,
      MODEL: model,
      SOURCE: source,
      DEST: join(dir.path, `out-${++n}`),
      THREADS: threads ? '1' : '0',
      RUNS: String(runs),
      // Node warns that the typeless package's .js file is reparsed as an ES module: not this test's concern.
      NODE_NO_WARNINGS: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  await new Promise((resolve) => child.on('close', resolve));
  const error = JSON.parse(stdout) as { name: string; message: string; causeStack: string };
  expect(error.name).toBe('PredictorError');
  return error;
}

const prefix = (model: string) => `Could not load the model module ${pathToFileURL(model).href}: `;

describe('a model module with a syntax error says where it is', () => {
  it('an ES module: its path, line and column, in threads or not, the cause showing the line and caret', async () => {
    const model = models['esm/model.mjs']!;
    // Twice in one process too: Node hands the same failed module's error back, which must not change.
    for (const [threads, runs] of [
      [true, 1],
      [false, 1],
      [true, 2],
      [false, 2],
    ] as const) {
      const error = await loadFailure(model, threads, runs);
      expect(error.message).toBe(`${prefix(model)}SyntaxError in ${model}:8:1: Unexpected token '}'`);
      expect(error.causeStack).toMatch(
        /^file:\/\/.*\/esm\/model\.mjs:8\n\}\n\^\n\nSyntaxError: Unexpected token '\}'\n/,
      );
    }
  });

  it('a CommonJS module: its path, line and column', async () => {
    const model = models['cjs/model.cjs']!;
    for (const threads of [true, false]) {
      const error = await loadFailure(model, threads);
      expect(error.message).toBe(`${prefix(model)}SyntaxError in ${model}:4:3: Unexpected token '}'`);
      expect(error.causeStack).toContain(`${model}:4\n  }\n  ^\n`);
    }
  });

  it('a module that the model imports: the location is in that module', async () => {
    const model = models['helper/model.mjs']!;
    const helper = models['helper/lib/scale.mjs']!;
    for (const threads of [true, false]) {
      const error = await loadFailure(model, threads);
      expect(error.message).toBe(`${prefix(model)}SyntaxError in ${helper}:2:17: Unexpected token ';'`);
      expect(error.causeStack).toContain('  return table +;\n                ^\n');
    }
  });

  it('an ES module .js file of a package with no type, behind a CommonJS .js file', async () => {
    const model = models['typeless/model.mjs']!;
    const esm = models['typeless/esm.js']!;
    for (const threads of [true, false]) {
      const error = await loadFailure(model, threads);
      expect(error.message).toBe(`${prefix(model)}SyntaxError in ${esm}:2:20: Unexpected number`);
    }
  });

  it('a named import that its module does not export: the line and column of the import', async () => {
    const model = models['export/model.mjs']!;
    for (const threads of [true, false]) {
      const error = await loadFailure(model, threads);
      expect(error.message).toBe(
        `${prefix(model)}SyntaxError in ${model}:1:10: ` +
          "The requested module './ok.mjs' does not provide an export named 'nope'",
      );
    }
  });

  it("a SyntaxError thrown by the model's own code as it runs keeps its message: no location is made up", async () => {
    const model = models['runtime/model.mjs']!;
    for (const threads of [true, false]) {
      const error = await loadFailure(model, threads);
      expect(error.message.startsWith(prefix(model))).toBe(true);
      expect(error.message).not.toContain('SyntaxError in');
      expect(error.message).toMatch(/JSON/);
    }
  });
});
