import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** Relative links of a Markdown file: `[text](path#anchor)`, without URLs and pure anchors. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.split('#')[0]!)
    .filter((href) => href !== '' && !/^[a-z]+:/i.test(href));
}

describe('the documentation', async () => {
  const pages = (await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md'));

  it('has the guides the README links to', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const guides = relativeLinks(readme).filter((href) => href.startsWith('docs/') && href.endsWith('.md'));
    expect(guides.length).toBeGreaterThanOrEqual(8);
    for (const guide of guides) expect(pages).toContain(guide.slice('docs/'.length));
  });

  it('README.md: every relative link points at a file that exists', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    expect(relativeLinks(readme).filter((href) => !existsSync(join(ROOT, href)))).toEqual([]);
  });

  for (const page of pages) {
    it(`docs/${page}: every relative link points at a file that exists`, async () => {
      const text = await readFile(join(ROOT, 'docs', page), 'utf8');
      const base = dirname(join(ROOT, 'docs', page));
      const broken = relativeLinks(text).filter((href) => !existsSync(join(base, href)));
      expect(broken).toEqual([]);
    });
  }

  it('builds the API reference with typedoc without errors or warnings', async () => {
    const bin = join(ROOT, 'node_modules/.bin/typedoc');
    const result = await run(bin, ['--emit', 'none', '--treatWarningsAsErrors'], {
      cwd: ROOT,
      timeout: 170_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    }).then(
      (ok) => ({ ...ok, code: 0 }),
      (error: { stdout?: string; stderr?: string; code?: number }) => ({
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
        code: error.code ?? -1,
      }),
    );
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\[(warning|error)\]/);
    expect(result.code).toBe(0);
  }, 180_000);
});
