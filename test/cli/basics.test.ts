import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli } from './built-cli.js';

const COMMANDS = [
  [],
  ['execution'],
  ['execution', 'start'],
  ['execution', 'status'],
  ['execution', 'wait'],
  ['execution', 'cancel'],
  ['execution', 'report'],
  ['execution', 'tasks'],
  ['execution', 'list'],
  ['demo'],
];

describe('the built qwak-batch command', () => {
  it('keeps its shebang, so that npm can link it as a bin', async () => {
    const text = await readFile(`${ROOT}dist/cli/main.js`, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints the version of package.json with --version and -V', async () => {
    const pkg = JSON.parse(await readFile(`${ROOT}package.json`, 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await runBuiltCli([flag]);
      expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  for (const path of COMMANDS) {
    it(`answers --help for "${['qwak-batch', ...path].join(' ')}" with usage and examples, exit 0`, async () => {
      const run = await runBuiltCli([...path, '--help']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`Usage: ${['qwak-batch', ...path].join(' ')}`);
      expect(run.stdout).toContain('Examples:\n  $ qwak-batch');
      expect(run.stdout).toContain('--debug');
    });
  }

  it('takes -h after flags too', async () => {
    const run = await runBuiltCli(['execution', 'start', '--model-id', 'x', '-h']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--source-folder');
  });

  it('exits 2 with the usage on stderr when no command is given', async () => {
    const run = await runBuiltCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Commands:');
    expect(run.stderr).toContain('"qwak-batch" needs a command: execution, demo');
    const group = await runBuiltCli(['execution']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('needs a command: start, status, wait, cancel, report, tasks, list');
  });

  it('exits 2 on an unknown command, suggesting the near one', async () => {
    const run = await runBuiltCli(['exection', 'start']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'qwak-batch: usage error: unknown command "exection" for "qwak-batch": did you mean "execution"?\nRun "qwak-batch --help" for usage.\n',
    );
  });

  it('prints errors as lines without a stack, and the stack with --debug', async () => {
    const args = ['execution', 'start', '--model-id', 'm', '--source-folder', 'in'];
    const plain = await runBuiltCli(args);
    expect(plain.code).toBe(2);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runBuiltCli([...args, '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/ConfigError: Invalid/);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('writes no colour codes when the output is not a terminal', async () => {
    const run = await runBuiltCli(['exection']);
    expect(run.stderr).not.toContain('\u001b[');
  });
});
