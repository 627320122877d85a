// Storage benchmark: the adapters (built package, ../dist) against the raw SDK calls, in the same run, on the
// same real servers (Ceph radosgw for S3, the test suite's GCS JSON-API server, a temp dir for local).
// Each measured case runs in its own child process so that peak RSS is per case.
//   node bench/storage.mjs                       all cases (needs radosgw: test/setup/install-servers.sh)
//   QWAK_BENCH_MB=64 node bench/storage.mjs      smaller object (default 256 MB)
//   QWAK_BENCH_KEYS=2000 node bench/storage.mjs  fewer keys to list (default 10,000)
//   QWAK_BENCH_ONLY='s3 write,gcs read'          only these cases
//   QWAK_BENCH_REPS=5                            timed runs per child (default 3; local cases 5 times that)
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;
const SIZE = Number(process.env.QWAK_BENCH_MB ?? 256) * MiB;
const KEYS = Number(process.env.QWAK_BENCH_KEYS ?? 10_000);
const REPS = Number(process.env.QWAK_BENCH_REPS ?? 3);
const self = fileURLToPath(import.meta.url);

// Same tuning for both sides: 8 MiB parts/chunks, 4 parts in flight.
const PART = 8 * MiB;

async function s3Clients(env) {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const s3 = {
    endpoint: env.S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_KEY, secretAccessKey: env.S3_SECRET },
  };
  const raw = new S3Client({
    ...s3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return { s3, raw };
}

/** One case, in a child process: `[side, store, op]`. Prints `{ ms: [...], rss }` as JSON. */
async function runCase(side, store, op, env) {
  const bytes = op.startsWith('write') ? randomBytes(SIZE) : undefined;
  const { openStorage } = await import('../dist/storage.js');
  let fn;
  if (store === 's3') {
    const { s3, raw } = await s3Clients(env);
    const sdk = await import('@aws-sdk/client-s3');
    const adapter = await openStorage(`s3://${env.S3_BUCKET}/bench`, { s3 });
    if (side === 'adapter') {
      fn = {
        write: () => adapter.write('big.bin', bytes),
        read: () => adapter.read('big.bin'),
        list: async () => {
          let n = 0;
          for await (const _ of adapter.list('keys', { recursive: true })) n++;
          return n;
        },
      }[op];
    } else {
      const { Upload } = await import('@aws-sdk/lib-storage');
      fn = {
        write: () =>
          new Upload({
            client: raw,
            params: { Bucket: env.S3_BUCKET, Key: 'bench/big.bin', Body: bytes },
            partSize: PART,
            queueSize: 4,
          }).done(),
        read: async () => {
          const out = await raw.send(
            new sdk.GetObjectCommand({ Bucket: env.S3_BUCKET, Key: 'bench/big.bin' }),
          );
          return out.Body.transformToByteArray();
        },
        list: async () => {
          let n = 0;
          for await (const page of sdk.paginateListObjectsV2(
            { client: raw },
            { Bucket: env.S3_BUCKET, Prefix: 'bench/keys/' },
          )) {
            n += page.Contents?.length ?? 0;
          }
          return n;
        },
      }[op];
    }
  } else if (store === 'gcs') {
    const { Storage } = await import('@google-cloud/storage');
    const gcs = { apiEndpoint: env.GCS_ENDPOINT, projectId: 'bench' };
    const adapter = await openStorage(`gs://${env.GCS_BUCKET}/bench`, { gcs: { ...gcs, chunkSize: PART } });
    const bucket = new Storage(gcs).bucket(env.GCS_BUCKET);
    fn =
      side === 'adapter'
        ? {
            write: () => adapter.write('big.bin', bytes),
            read: () => adapter.read('big.bin'),
            list: async () => {
              let n = 0;
              for await (const _ of adapter.list('keys', { recursive: true })) n++;
              return n;
            },
          }[op]
        : {
            write: () => bucket.file('bench/big.bin').save(bytes, { resumable: true, chunkSize: PART }),
            read: () => bucket.file('bench/big.bin').download(),
            list: async () => (await bucket.getFiles({ prefix: 'bench/keys/' }))[0].length,
          }[op];
  } else {
    const adapter = await openStorage(`file://${env.LOCAL_DIR}`);
    // `write` is the adapter without the disk flush (`local: { fsync: false }`: still temp file + rename)
    // against plain fs.writeFile; `write-durable` is the default adapter against the same flush done by hand.
    const noFsync = await openStorage(`file://${env.LOCAL_DIR}`, { local: { fsync: false } });
    const path = join(env.LOCAL_DIR, 'big.bin');
    fn =
      side === 'adapter'
        ? {
            write: () => noFsync.write('big.bin', bytes),
            'write-durable': () => adapter.write('big.bin', bytes),
            read: () => adapter.read('big.bin'),
          }[op]
        : {
            write: () => writeFile(path, bytes),
            // The same durable, atomic write done by hand: temp file, fsync, rename.
            'write-durable': async () => {
              const temp = `${path}.tmp`;
              const handle = await open(temp, 'w');
              try {
                await handle.writeFile(bytes);
                await handle.sync();
              } finally {
                await handle.close();
              }
              await rename(temp, path);
            },
            read: () => readFile(path),
          }[op];
  }
  const ms = [];
  await fn(); // warm-up: connections, JIT
  // Local cases take ~0.15 s and move by ±10 % from run to run (page cache writeback, ext4's flush on a rename
  // or truncate over a file): 5 times the runs, so that the medians settle.
  const reps = store === 'local' ? REPS * 5 : REPS;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  process.send({ ms, rss: process.resourceUsage().maxRSS * 1024 });
}

function child(side, store, op, env) {
  return new Promise((resolve, reject) => {
    const c = fork(self, ['--case', side, store, op], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    c.on('message', (m) => (result = m));
    c.on('exit', (code) =>
      code === 0 && result ? resolve(result) : reject(new Error(`${side} ${store} ${op} exited ${code}`)),
    );
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { tsImport } = await import('tsx/esm/api');
  const { startRadosgw, radosgwUnavailable } = await tsImport('../test/setup/radosgw.ts', import.meta.url);
  const { startGcsServer } = await tsImport('../test/setup/gcs-server/server.ts', import.meta.url);
  const localDir = mkdtempSync(join(tmpdir(), 'qb-bench-'));
  const gcsServer = await startGcsServer('bench');
  const why = radosgwUnavailable();
  const rgw = why ? undefined : await startRadosgw();
  if (why) console.log(`S3 cases skipped: ${why}`);
  try {
    const env = { LOCAL_DIR: localDir, GCS_ENDPOINT: gcsServer.endpoint, GCS_BUCKET: 'bench-bucket' };
    gcsServer.store.createBucket('bench-bucket');
    const keyNames = Array.from({ length: KEYS }, (_, i) => `bench/keys/k-${String(i).padStart(6, '0')}.csv`);
    for (const name of keyNames) gcsServer.store.put('bench-bucket', name, Buffer.from('x'), {});
    if (rgw) {
      Object.assign(env, {
        S3_ENDPOINT: rgw.endpoint,
        S3_KEY: rgw.accessKeyId,
        S3_SECRET: rgw.secretAccessKey,
        S3_BUCKET: 'bench-bucket',
      });
      const { raw } = await s3Clients(env);
      const sdk = await import('@aws-sdk/client-s3');
      await raw.send(new sdk.CreateBucketCommand({ Bucket: 'bench-bucket' }));
      for (let i = 0; i < keyNames.length; i += 50) {
        await Promise.all(
          keyNames
            .slice(i, i + 50)
            .map((Key) => raw.send(new sdk.PutObjectCommand({ Bucket: 'bench-bucket', Key, Body: 'x' }))),
        );
      }
      raw.destroy();
    }
    const cases = [
      ...(rgw
        ? [
            ['s3', 'write'],
            ['s3', 'read'],
            ['s3', 'list'],
          ]
        : []),
      ['gcs', 'write'],
      ['gcs', 'read'],
      ['gcs', 'list'],
      ['local', 'write'],
      ['local', 'write-durable'],
      ['local', 'read'],
    ];
    const only = process.env.QWAK_BENCH_ONLY; // e.g. "s3 write,gcs read"
    const rows = [];
    for (const [store, op] of cases) {
      if (only && !only.split(',').includes(`${store} ${op}`)) continue;
      // Two rounds, raw then adapter then raw then adapter, so that neither side always runs on a fresher
      // server; the medians are over both rounds, peak RSS the larger of the two.
      const raw = { ms: [], rss: 0 };
      const adapter = { ms: [], rss: 0 };
      for (let round = 0; round < 2; round++) {
        for (const [side, into] of [
          ['raw', raw],
          ['adapter', adapter],
        ]) {
          const r = await child(side, store, op, env);
          if (process.env.QWAK_BENCH_VERBOSE)
            console.log(
              store,
              op,
              side,
              r.ms.map((x) => Math.round(x)),
            );
          into.ms.push(...r.ms);
          into.rss = Math.max(into.rss, r.rss);
        }
      }
      const unit = op === 'list' ? `${KEYS} keys` : `${SIZE / MiB} MB`;
      const rate = (ms) =>
        op === 'list'
          ? `${Math.round(KEYS / (ms / 1000))} keys/s`
          : `${Math.round(SIZE / MiB / (ms / 1000))} MB/s`;
      rows.push({
        case: `${store} ${op} (${unit})`,
        adapter: `${median(adapter.ms).toFixed(0)} ms, ${rate(median(adapter.ms))}`,
        raw: `${median(raw.ms).toFixed(0)} ms, ${rate(median(raw.ms))}`,
        'ratio (raw time / adapter time)': (median(raw.ms) / median(adapter.ms)).toFixed(2),
        'adapter peak RSS': `${Math.round(adapter.rss / MiB)} MB`,
        'raw peak RSS': `${Math.round(raw.rss / MiB)} MB`,
      });
    }
    console.log(
      `qwak-batch storage benchmark (median of 2 x ${REPS} runs (local: 2 x ${REPS * 5}), each child after a warm-up; node ${process.version})`,
    );
    console.table(rows);
    console.log('raw peers: S3 lib-storage Upload / GetObject+transformToByteArray / paginateListObjectsV2;');
    console.log(
      '           GCS file.save(resumable) / file.download / bucket.getFiles; local fs.writeFile / fs.readFile',
    );
    console.log(
      '           local write-durable: temp file + fsync + rename by hand (what the adapter does);',
    );
    console.log(
      'note: "local write" is the adapter with { local: { fsync: false } } (atomic, not flushed) against plain',
    );
    console.log(
      '      fs.writeFile (neither); "local write-durable" is the default adapter (atomic and flushed).',
    );
  } finally {
    await rgw?.stop();
    await gcsServer.stop();
    rmSync(localDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--case') {
  const [, , , side, store, op] = process.argv;
  runCase(side, store, op, process.env).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  await main();
}
