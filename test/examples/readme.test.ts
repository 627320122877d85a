import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');

/** The fenced blocks of one language in a Markdown text. */
function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
}

describe('README', () => {
  it('starts with the two commands: the demo run and the tests', async () => {
    const readme = await read('README.md');
    const first = blocks(readme, 'sh')[0]!.split('\n').filter(Boolean);
    expect(first[0]).toMatch(/^npm ci && npm start\s+#/);
    expect(first[1]).toMatch(/^npm test\s+#/);
    const pkg = JSON.parse(await read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('npm run build && node dist/cli/main.js demo');
    expect(pkg.scripts.test).toMatch(/vitest run/);
  });

  it('shows the platform script that the test suite runs (same text as docs/remote-executions.md)', async () => {
    const [readme, remote] = await Promise.all([read('README.md'), read('docs/remote-executions.md')]);
    const script = blocks(remote, 'ts')[0]!;
    expect(script).toContain('waitForExecution');
    expect(blocks(readme, 'ts')).toContain(script);
  });

  it('is what .ci/run tests: README test command is run by CI', async () => {
    const ci = await read('.ci/run');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm ci /m);
  });
});
