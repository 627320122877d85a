import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built package, as a host process loads it (vitest's module resolution does not reach a child).
const FORMATS_MODULE = new URL('../../dist/formats.js', import.meta.url).href;

// `node -e` defines `__filename` ('[eval]') as a global. parquet-wasm must still be found from the package's own
// folder, not from the script's working directory (here a folder with no node_modules above it).
describe('Parquet from a CommonJS -e script', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'qwak-eval-'));
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it('compiles parquet-wasm and writes a file that reads back', () => {
    const script =
      `import(${JSON.stringify(FORMATS_MODULE)}).then(async ({ compileParquetWasm, getCodec }) => {` +
      ' await compileParquetWasm();' +
      " const table = await getCodec('csv').decode(new TextEncoder().encode('a,b\\n1,x\\n2,y\\n'));" +
      " const parquet = getCodec('parquet');" +
      ' const back = await parquet.decode(await parquet.encode(table));' +
      " console.log(back.numRows, back.getChild('b').toArray().join('|'));" +
      '}).catch((error) => { console.error(error.message); process.exitCode = 1; });';
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('2 x|y');
  });
});
