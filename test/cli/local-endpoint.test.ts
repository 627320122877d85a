import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformModelsServer } from '../servers/platform-models.js';
import { runBuiltCli } from './built-cli.js';

const TOKEN = 'tok_cli_models_0123456789';
let server: PlatformModelsServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-endpoint-'));
  server = await PlatformModelsServer.start({
    modelId: 'churn',
    token: TOKEN,
    predict: (frame) => frame.data.map((row) => ({ customer_id: row[0], churn: 0.5 })),
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

// Without --model, a local run sends each file to the model's deployed real-time endpoint, as the
// platform's local file mode does.
describe('execution start over file:// folders without --model', () => {
  it('predicts through the real-time endpoint at --base-url, with the token of QWAK_TOKEN', async () => {
    const out = join(dir, 'out');
    const run = await runBuiltCli(
      [
        'execution',
        'start',
        '--model-id',
        'churn',
        '--source-folder',
        'file://examples/data',
        '--destination-folder',
        `file://${out}`,
        '--base-url',
        server.url,
        '--progress',
        'none',
      ],
      { env: { QWAK_TOKEN: TOKEN } },
    );
    expect(server.violations).toEqual([]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(server.frames.reduce((n, f) => n + f.data.length, 0)).toBe(60);
    const csv = await readFile(join(out, 'customers-01.csv'), 'utf8');
    expect(csv.split('\n').slice(0, 2)).toEqual(['customer_id,churn', '1,0.5']);
  });

  it('without an address, exits 2 naming the flags that give one (or --model), not the API options', async () => {
    const out = join(dir, 'out-nowhere');
    const run = await runBuiltCli(
      [
        'execution',
        'start',
        '--model-id',
        'churn',
        '--source-folder',
        'file://examples/data',
        '--destination-folder',
        `file://${out}`,
        '--progress',
        'none',
      ],
      { env: { QWAK_TOKEN: TOKEN } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^qwak-batch: usage error: .*--environment <name> \(or QWAK_ENVIRONMENT\)/);
    expect(run.stderr).toContain('--base-url <url>');
    expect(run.stderr).toContain('--model <module>');
    expect(run.stderr).not.toContain('createRealtimePredictor');
    expect(run.stderr).not.toContain('`environment`');
  });
});
