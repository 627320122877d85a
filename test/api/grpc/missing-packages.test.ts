import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const HIDE = fileURLToPath(new URL('./scripts/hide-packages.mjs', import.meta.url));
const DIST = new URL('../../../dist/index.js', import.meta.url).href;

/** The error of a status call in a process where the packages in `hide` are not installed. */
async function statusErrorWithout(
  hide: string[],
): Promise<{ code: string; packageName: string; message: string }> {
  const script = `
    const { BatchJobManagerClient } = await import(${JSON.stringify(DIST)});
    const client = new BatchJobManagerClient({ token: 't', environment: 'acme' });
    const error = await client.getExecutionStatus('e-1').then(() => undefined, (e) => e);
    console.log(JSON.stringify({ code: error?.code, packageName: error?.packageName, message: error?.message }));`;
  const { stdout } = await run(process.execPath, ['--import', HIDE, '--input-type=module', '-e', script], {
    env: { ...process.env, QWAK_TEST_HIDE: hide.join(',') },
  });
  return JSON.parse(stdout);
}

describe('gRPC calls without their optional packages', () => {
  it('names both packages, and one install command, when both are missing', async () => {
    expect(await statusErrorWithout(['@grpc/grpc-js', '@grpc/proto-loader'])).toEqual({
      code: 'MISSING_DEPENDENCY',
      packageName: '@grpc/grpc-js @grpc/proto-loader',
      message:
        'Calling the platform over gRPC needs the packages "@grpc/grpc-js" and "@grpc/proto-loader": install them with `npm install @grpc/grpc-js @grpc/proto-loader`',
    });
  });

  it('names only the one missing', async () => {
    expect(await statusErrorWithout(['@grpc/proto-loader'])).toMatchObject({
      packageName: '@grpc/proto-loader',
      message:
        'Calling the platform over gRPC needs the package "@grpc/proto-loader": install it with `npm install @grpc/proto-loader`',
    });
  });
});
