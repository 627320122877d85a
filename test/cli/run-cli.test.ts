import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { memoryIo } from './memory-io.js';

// Tokens a user might type, right or wrong, so that random command lines reach deep into the parser and
// the config checks. `--out-conf` is always added, so that nothing is started.
const TOKENS = [
  '--model-id',
  'm',
  '--bucket',
  'b',
  '--source-folder',
  'in',
  'file://examples/data',
  '--destination-folder',
  'out',
  's3://bkt/out',
  '--pods',
  '4',
  '-1',
  '--replicas',
  '-P',
  'A=b=c',
  '=',
  'X',
  '--cpus',
  '0.5',
  '--memory',
  '2Gi',
  '--instance',
  'small',
  '--model',
  '--executors',
  '--resume',
  '--json',
  '--json=1',
  '-f',
  '--from-file',
  '--input-file-type',
  'PARQUET',
  'xls',
  '--iam-role-arn',
  'arn:aws:iam::123456789012:role/r',
  '--',
  '-',
  '--unknown',
  '--job-timeout',
  '15m',
  'çà',
  '',
  ' ',
  '--progress',
  'bar',
];

describe('runCli in-process', () => {
  it('returns the exit code and never throws, whatever the command line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }), async (tokens) => {
        const io = memoryIo();
        const code = await runCli(['execution', 'start', ...tokens, '--out-conf'], io);
        expect([0, 2]).toContain(code);
        const end = tokens.indexOf('--');
        const json = (end === -1 ? tokens : tokens.slice(0, end)).includes('--json');
        if (code === 2) {
          // With --json, stdout holds the error as one JSON document; without, nothing.
          if (json)
            expect(JSON.parse(io.out)).toMatchObject({ error: { code: expect.any(String) }, exitCode: 2 });
          else expect(io.out).toBe('');
          expect(io.err).toMatch(/^qwak-batch: usage error: /);
          expect(io.err).not.toMatch(/\n\s+at /);
        } else if (json) {
          expect(JSON.parse(io.out)).toHaveProperty('execution');
        } else {
          expect(io.out).toContain('execution:');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('prints help on stdout with exit 0, and the version', async () => {
    const help = memoryIo();
    expect(await runCli(['execution', 'start', '--help'], help)).toBe(0);
    expect(help.out).toContain('Usage: qwak-batch execution start [options]');
    const version = memoryIo();
    expect(await runCli(['--version'], version)).toBe(0);
    expect(version.out).toMatch(/^\d+\.\d+\.\d+/);
  });
});
