import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** A running throwaway Ceph cluster (one monitor, one memstore OSD) with radosgw in front. */
export interface RadosgwServer {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** ARN of a role the user may assume through STS at `endpoint` (full S3 access). */
  readonly roleArn: string;
  stop(): Promise<void>;
}

/** Why radosgw cannot start here, or `undefined` when the binaries are installed. */
export function radosgwUnavailable(): string | undefined {
  const missing = ['radosgw', 'ceph-mon', 'ceph-osd', 'radosgw-admin', 'monmaptool', 'ceph-authtool'].filter(
    (bin) => !['/usr/bin', '/usr/local/bin', '/usr/sbin'].some((dir) => existsSync(join(dir, bin))),
  );
  if (missing.length === 0) return undefined;
  return `Ceph radosgw is not installed (missing ${missing.join(', ')}); run \`sudo sh test/setup/install-servers.sh\` (Debian/Ubuntu) to enable the S3 tests`;
}

/**
 * Starts a one-node Ceph cluster in a temp dir and radosgw on 127.0.0.1 (about 12 s, about 630 MB), then
 * creates an S3 user. Everything it started is stopped, and the dir removed, by `stop()` or on failure.
 */
export async function startRadosgw(): Promise<RadosgwServer> {
  const dir = await mkdtemp(join(tmpdir(), 'qb-ceph-'));
  const children: ChildProcess[] = [];
  // If the test process dies without calling stop(), the daemons must not outlive it.
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const stop = async () => {
    process.off('exit', killAll);
    for (const child of children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
    }
    // QWAK_BATCH_KEEP_CEPH=1 keeps the dir (logs in log/) to debug a start that fails.
    if (!process.env.QWAK_BATCH_KEEP_CEPH) await rm(dir, { recursive: true, force: true });
  };
  try {
    const [monPort, rgwPort] = [await freePort(), await freePort()];
    const fsid = randomUUID();
    const conf = join(dir, 'ceph.conf');
    for (const sub of ['run', 'log', 'mon/ceph-a', 'osd/ceph-0'])
      await mkdir(join(dir, sub), { recursive: true });
    await writeFile(
      conf,
      `[global]
fsid = ${fsid}
mon host = [v2:127.0.0.1:${monPort}]
mon initial members = a
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = ${dir}/admin.keyring
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
pid file = ${dir}/run/$name.pid
log file = ${dir}/log/$name.log
mon data = ${dir}/mon/$cluster-$id
osd data = ${dir}/osd/$cluster-$id
osd objectstore = memstore
memstore device bytes = 8589934592
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
ms bind ipv6 = false
osd crush chooseleaf type = 0
osd max object size = 1073741824
[osd]
keyring = ${dir}/osd/$cluster-$id/keyring
[client.rgw.local]
keyring = ${dir}/rgw.keyring
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
rgw dns name = 127.0.0.1
rgw enable usage log = false
rgw sts key = qwakbatchstskey1
rgw s3 auth use sts = true
`,
    );
    const c = ['-c', conf];
    await run('ceph-authtool', [
      '--create-keyring',
      `${dir}/mon.keyring`,
      '--gen-key',
      '-n',
      'mon.',
      '--cap',
      'mon',
      'allow *',
    ]);
    await run('ceph-authtool', [
      '--create-keyring',
      `${dir}/admin.keyring`,
      '--gen-key',
      '-n',
      'client.admin',
      '--cap',
      'mon',
      'allow *',
      '--cap',
      'osd',
      'allow *',
      '--cap',
      'mgr',
      'allow *',
    ]);
    await run('ceph-authtool', [`${dir}/mon.keyring`, '--import-keyring', `${dir}/admin.keyring`]);
    await run('monmaptool', [
      '--create',
      '--addv',
      'a',
      `[v2:127.0.0.1:${monPort}]`,
      '--fsid',
      fsid,
      `${dir}/monmap`,
    ]);
    await run('ceph-mon', [
      ...c,
      '--mkfs',
      '-i',
      'a',
      '--monmap',
      `${dir}/monmap`,
      '--keyring',
      `${dir}/mon.keyring`,
    ]);
    children.push(spawn('ceph-mon', [...c, '-f', '-i', 'a'], { stdio: 'ignore' }));
    const osdUuid = randomUUID();
    const { stdout: osdId } = await run('ceph', [...c, '--connect-timeout', '20', 'osd', 'new', osdUuid]);
    const id = osdId.trim();
    await run('ceph', [
      ...c,
      'auth',
      'get-or-create',
      `osd.${id}`,
      'mon',
      'allow profile osd',
      'osd',
      'allow *',
      'mgr',
      'allow profile osd',
      '-o',
      `${dir}/osd/ceph-${id}/keyring`,
    ]);
    await run('ceph-osd', [...c, '-i', id, '--mkfs', '--osd-uuid', osdUuid, '--no-mon-config']);
    children.push(spawn('ceph-osd', [...c, '-f', '-i', id], { stdio: 'ignore' }));
    await run('ceph', [
      ...c,
      'auth',
      'get-or-create',
      'client.rgw.local',
      'mon',
      'allow rw',
      'osd',
      'allow rwx',
      '-o',
      `${dir}/rgw.keyring`,
    ]);
    children.push(spawn('radosgw', [...c, '-f', '-n', 'client.rgw.local'], { stdio: 'ignore' }));
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitForHttp(endpoint, 60_000, children);
    const accessKeyId = 'QWAKBATCHTEST';
    const secretAccessKey = randomUUID().replaceAll('-', '');
    await run('radosgw-admin', [
      ...c,
      '-n',
      'client.admin',
      'user',
      'create',
      '--uid=test',
      '--display-name=test',
      `--access-key=${accessKeyId}`,
      `--secret-key=${secretAccessKey}`,
    ]);
    // A role the test user may assume through STS, to test iamRoleArn.
    await run('radosgw-admin', [...c, '-n', 'client.admin', 'caps', 'add', '--uid=test', '--caps=roles=*']);
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam:::user/test'] }, Action: ['sts:AssumeRole'] },
      ],
    };
    await run('radosgw-admin', [
      ...c,
      '-n',
      'client.admin',
      'role',
      'create',
      '--role-name=qb-role',
      '--path=/',
      `--assume-role-policy-doc=${JSON.stringify(trust)}`,
    ]);
    const policy = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::*' },
    };
    await run('radosgw-admin', [
      ...c,
      '-n',
      'client.admin',
      'role-policy',
      'put',
      '--role-name=qb-role',
      '--policy-name=all-s3',
      `--policy-doc=${JSON.stringify(policy)}`,
    ]);
    const roleArn = 'arn:aws:iam:::role/qb-role';
    return { endpoint, region: 'us-east-1', accessKeyId, secretAccessKey, roleArn, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHttp(url: string, timeoutMs: number, children: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead)
      throw new Error(`${dead.spawnfile} exited with code ${dead.exitCode} while radosgw was starting`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`radosgw did not answer on ${url} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
