#!/usr/bin/env node
// Benchmark of the in-process runner (`localFileRun`): an identity model over 8 files of 250k rows x 8
// columns, CSV -> Parquet, Parquet -> Parquet and Feather -> Feather, against a peer converting the same
// files one by one in the same run: DuckDB (`COPY ... TO`) for CSV and Parquet; for Feather, which DuckDB
// cannot read without a downloaded extension, apache-arrow's `tableFromIPC` + `tableToIPC`. Every measured
// case runs in its own child process, so that peak RSS (`process.resourceUsage().maxRSS`) is per case.
//
// A second table measures the second run in one process, for notebooks and services that run batch after
// batch: ours with `workerIdleTimeout` (the first run's worker threads, model loaded and code warm, are kept for
// the second), the peer converting the same files a second time (DuckDB's instance, or apache-arrow's loaded
// code, warm). Only the second run is timed; peak RSS covers both.
//
//   node bench/runner.mjs            all cases (data generated once into bench/.data/runner)
//   QWAK_BENCH_WARM=0 node ...       skip the second-run table
//   QWAK_BENCH_SCALE=0 node ...      skip the table of a first run over 4x the files (hard links of the 8)
//   QWAK_BENCH_DIST=<dir> node ...   use another build of the package than ../dist
//   QWAK_BENCH_FSYNC=0 node ...      ours with `storage: { local: { fsync: false } }`: outputs stay atomic but
//                                    are not flushed to disk, the durability of the peers (which never flush)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const FILES = 8;
/** Runs of each side per case; the table shows median time and the largest peak RSS. */
const REPEAT = Number(process.env.QWAK_BENCH_REPEAT ?? 3);
/** Copies of each file in the scale table (a first run over more files, where start-up weighs less). */
const SCALE = 4;
const ROWS = 250_000;
const here = fileURLToPath(new URL('.', import.meta.url));
const DATA = join(here, '.data', 'runner');
const DIST = process.env.QWAK_BENCH_DIST ?? join(here, '..', 'dist');
const IDENTITY = join(DATA, 'identity-model.mjs');
/** Marks generated data; bumped when the data's shape changes, so old data is regenerated. */
const DATA_VERSION = 'done-v2';
const CASES = [
  ['csv', 'parquet'],
  ['parquet', 'parquet'],
  ['feather', 'feather'],
];

const [mode, ...args] = process.argv.slice(2);
// Children: <input type> <output type> <copies of each file>.
if (mode === '--ours') await childOurs(...args);
else if (mode === '--peer') await childPeer(...args);
else if (mode === '--ours-warm') await childOurs(...args, 'warm');
else if (mode === '--peer-warm') await childPeer(...args, 'warm');
else if (mode === '--decoded-size') await childDecodedSize();
else await main();

async function main() {
  await prepareData();
  const decoded = JSON.parse(spawnSelf(['--decoded-size']));
  const limitMb = (2 * decoded.largestBytes) / 2 ** 20 + 150;
  console.log(
    `runner: ${FILES} files x ${ROWS.toLocaleString('en')} rows x 8 columns, identity model (module predictor), ` +
      `executors = ${availableParallelism()} (the CPUs), median of ${REPEAT} alternated runs; largest decoded file ${(decoded.largestBytes / 2 ** 20).toFixed(1)} MB, ` +
      `RSS limit ${limitMb.toFixed(0)} MB\n`,
  );
  const ok = await table("First run in a fresh process (the issue's target)", '', limitMb, 1);
  if (process.env.QWAK_BENCH_WARM !== '0') {
    await table(
      'Second run in the same process (ours: workerIdleTimeout keeps the workers)',
      '-warm',
      limitMb,
      1,
    );
  }
  if (process.env.QWAK_BENCH_SCALE !== '0') {
    await table(
      `First run over ${FILES * SCALE} files (each of the ${FILES} files ${SCALE} times, hard links), where start-up weighs less`,
      '',
      limitMb,
      SCALE,
    );
  }
  console.log(
    `\ntargets (first run): ratio >= 0.5x and peak RSS <= ${limitMb.toFixed(0)} MB: ${ok ? 'met' : 'NOT met'}`,
  );
}

/**
 * Runs every case (`suffix` '' = first run, '-warm' = second run in one process) over `copies` of each file;
 * true when all met the targets.
 */
async function table(title, suffix, limitMb, copies) {
  console.log(`${title}\n`);
  const header =
    '| case | input MB | qwak-batch s | CPU s | rows/s | peak RSS MB | peer | peer s | peer CPU s | peer peak RSS MB | ratio (throughput vs peer) | RSS within limit |';
  console.log(header);
  console.log(
    `|${header
      .split('|')
      .slice(1, -1)
      .map(() => '---')
      .join('|')}|`,
  );
  let ok = true;
  for (const [input, output] of CASES) {
    const folder = await inputFolder(input, copies);
    const inputBytes = await folderBytes(folder);
    await warmPageCache(folder);
    // Alternated and repeated, medians taken: the machine is shared, and a burst of other work should not land
    // on one side only.
    const oursRuns = [];
    const peerRuns = [];
    // Outputs of the run before are removed here, before the disk settles, not in the measured child.
    const clear = () =>
      Promise.all(
        ['ours', 'peer'].map((side) =>
          rm(join(DATA, `out-${side}-${input}-${output}`), { recursive: true, force: true }),
        ),
      );
    for (let i = 0; i < REPEAT; i++) {
      await clear();
      settleDisk();
      oursRuns.push(JSON.parse(spawnSelf([`--ours${suffix}`, input, output, String(copies)])));
      await clear();
      settleDisk();
      peerRuns.push(JSON.parse(spawnSelf([`--peer${suffix}`, input, output, String(copies)])));
    }
    const ours = median(oursRuns);
    const peer = median(peerRuns);
    const ratio = peer.seconds / ours.seconds;
    const rssOk = ours.maxRssMb <= limitMb;
    ok &&= rssOk && ratio >= 0.5;
    console.log(
      `| ${input} -> ${output} | ${(inputBytes / 2 ** 20).toFixed(1)} | ${ours.seconds.toFixed(2)} | ${ours.cpu.toFixed(2)} | ` +
        `${Math.round((FILES * copies * ROWS) / ours.seconds).toLocaleString('en')} | ${ours.maxRssMb.toFixed(0)} | ${peer.name} | ` +
        `${peer.seconds.toFixed(2)} | ${peer.cpu.toFixed(2)} | ${peer.maxRssMb.toFixed(0)} | ${ratio.toFixed(2)}x | ${rssOk ? 'yes' : 'NO'} |`,
    );
  }
  console.log('');
  return ok;
}

function median(runs) {
  const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const cpus = runs.map((r) => r.cpu).sort((a, b) => a - b);
  return {
    name: runs[0].name,
    seconds: times[Math.floor(times.length / 2)],
    cpu: cpus[Math.floor(cpus.length / 2)],
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
  };
}

/**
 * Lets the disk settle before a measured run: `sync` (the page cache's dirty pages to disk), then waits until
 * the block devices have written nothing for half a second (at most 10 s). A run that does not flush its
 * outputs (the peers never do) leaves them to the kernel, which writes them back during the next run, and on
 * this machine's virtual disk even flushed writes keep it busy for a while: the next run took up to 2x as long
 * (Feather over 32 files), whichever side came next. Linux only; elsewhere just `sync`.
 */
function settleDisk() {
  const result = spawnSync('sync');
  if (result.status !== 0) throw new Error(`sync failed: ${result.stderr}`);
  if (!existsSync('/proc/diskstats')) return;
  const written = () =>
    readFileSync('/proc/diskstats', 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f.length > 10 && !/^(loop|ram)/.test(f[2]))
      .reduce((n, f) => n + Number(f[9]), 0);
  const deadline = Date.now() + 10_000;
  let last = written();
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    const now = written();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

function spawnSelf(args) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env },
  });
  if (result.status !== 0) throw new Error(`bench child ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.trim().split('\n').pop();
}

/**
 * The folder of `input` files: the generated one, or for `copies` > 1 a sibling holding each file `copies`
 * times as hard links (regular files to both sides, no extra disk).
 */
async function inputFolder(input, copies) {
  const source = join(DATA, input);
  if (copies === 1) return source;
  const folder = join(DATA, `${input}-x${copies}`);
  if (existsSync(folder)) return folder;
  await mkdir(`${folder}.tmp`, { recursive: true });
  for (const name of await readdir(source)) {
    for (let k = 0; k < copies; k++) {
      const target = join(`${folder}.tmp`, name.replace(/^part-/, `part-${k}-`));
      if (!existsSync(target)) await link(join(source, name), target);
    }
  }
  await rename(`${folder}.tmp`, folder);
  return folder;
}

/** Reads every file of `folder` once, so that neither side pays for cold disk reads. */
async function warmPageCache(folder) {
  const { readFile } = await import('node:fs/promises');
  for (const name of await readdir(folder)) await readFile(join(folder, name));
}

async function folderBytes(folder) {
  let total = 0;
  for (const name of await readdir(folder)) total += (await stat(join(folder, name))).size;
  return total;
}

/** CPU seconds (user + system, all threads) of this process so far. */
function cpuSeconds() {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
}

/** One child's line: wall and CPU seconds of the timed part (from `cpuStart`), and the process's peak RSS. */
function report(name, seconds, cpuStart) {
  const usage = process.resourceUsage();
  const cpu = cpuSeconds() - cpuStart;
  process.stdout.write(`${JSON.stringify({ name, seconds, cpu, maxRssMb: usage.maxRSS / 1024 })}\n`);
}

async function childOurs(input, output, copies, warm) {
  const files = FILES * Number(copies);
  // The package's main entry, as the README imports it: it loads apache-arrow only where a run needs it (a
  // module predictor's run, as here, never on this thread). `qwak-batch/runner` also exports `rowsToTable`,
  // so importing it loads apache-arrow here (~19 MB RSS, ~40 ms).
  const { BatchInferenceClient } = await import(pathToFileURL(join(DIST, 'index.js')).href);
  const client = new BatchInferenceClient(warm ? { workerIdleTimeout: 60_000 } : {});
  const out = join(DATA, `out-ours-${input}-${output}`);
  const once = async () => {
    const result = await client.localFileRun({
      modelId: 'identity',
      sourceFolder: await inputFolder(input, Number(copies)),
      destinationFolder: out,
      inputFileType: input,
      outputFileType: output,
      model: IDENTITY,
      ...(process.env.QWAK_BENCH_FSYNC === '0' ? { storage: { local: { fsync: false } } } : {}),
    });
    if (result.rowsOut !== files * ROWS)
      throw new Error(`wrote ${result.rowsOut} rows, expected ${files * ROWS}`);
  };
  if (warm) await once();
  // Outside the timed part, as the peer's: an empty destination.
  await rm(out, { recursive: true, force: true });
  const cpuStart = cpuSeconds();
  const started = performance.now();
  await once();
  const seconds = (performance.now() - started) / 1000;
  report('qwak-batch', seconds, cpuStart);
  await client.close();
}

async function childPeer(input, output, copies, warm) {
  const out = join(DATA, `out-peer-${input}-${output}`);
  const folder = await inputFolder(input, Number(copies));
  const names = (await readdir(folder)).sort();
  const fresh = async () => {
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
  };
  if (input === 'feather') {
    const { readFile } = await import('node:fs/promises');
    const { tableFromIPC, tableToIPC } = await import('apache-arrow');
    const once = async () => {
      for (const name of names) {
        const table = tableFromIPC(await readFile(join(folder, name)));
        await writeFile(join(out, name), tableToIPC(table, 'file'));
      }
    };
    if (warm) {
      await fresh();
      await once();
    }
    await fresh();
    const cpuStart = cpuSeconds();
    const started = performance.now();
    await once();
    return report('apache-arrow', (performance.now() - started) / 1000, cpuStart);
  }
  const { DuckDBInstance } = await import('@duckdb/node-api');
  // As many threads as our executors (the CPUs), said explicitly.
  const db = await (
    await DuckDBInstance.create(':memory:', { threads: String(availableParallelism()) })
  ).connect();
  const once = async () => {
    for (const name of names) {
      const source = join(folder, name);
      const read = input === 'csv' ? `read_csv('${source}')` : `read_parquet('${source}')`;
      await db.run(
        `COPY (SELECT * FROM ${read}) TO '${join(out, name.replace(/\.\w+$/, '.parquet'))}' (FORMAT parquet)`,
      );
    }
  };
  if (warm) {
    await fresh();
    await once();
  }
  await fresh();
  const cpuStart = cpuSeconds();
  const started = performance.now();
  await once();
  report('DuckDB', (performance.now() - started) / 1000, cpuStart);
}

async function childDecodedSize() {
  const { readFile } = await import('node:fs/promises');
  const { tableFromIPC } = await import('apache-arrow');
  let largestBytes = 0;
  for (const name of await readdir(join(DATA, 'feather'))) {
    const table = tableFromIPC(await readFile(join(DATA, 'feather', name)));
    const bytes = table.batches.reduce((n, b) => n + b.data.byteLength, 0);
    largestBytes = Math.max(largestBytes, bytes);
  }
  process.stdout.write(`${JSON.stringify({ largestBytes })}\n`);
}

/** 8 files per format, generated once: the same rows as CSV (DuckDB), Parquet (DuckDB) and Feather (Arrow). */
async function prepareData() {
  if (existsSync(join(DATA, DATA_VERSION))) return;
  await rm(DATA, { recursive: true, force: true });
  for (const f of ['csv', 'parquet', 'feather']) await mkdir(join(DATA, f), { recursive: true });
  await writeFile(IDENTITY, 'export const predict = (table) => table;\n');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const { tableFromIPC } = await import('apache-arrow');
  const { tableToIPC } = await import('apache-arrow');
  for (let k = 0; k < FILES; k++) {
    const name = `part-${k}`;
    const select =
      // Casts: DuckDB types the literals' arithmetic as DECIMAL, and the documented shape is float64.
      `SELECT i AS id, ((i * 0.37) % 1)::DOUBLE AS x1, ((i * 7.1) % 100)::DOUBLE AS x2, ` +
      `(((i * 13) % 1000) / 1000.0 - 0.5)::DOUBLE AS x3, ` +
      `(i % 1000)::INTEGER AS n, 'cat-' || (i % 17) AS cat, md5(i::VARCHAR)[1:16] AS label, (i % 3 = 0) AS flag ` +
      `FROM range(${k * ROWS}, ${(k + 1) * ROWS}) t(i)`;
    await db.run(`COPY (${select}) TO '${join(DATA, 'csv', `${name}.csv`)}' (FORMAT csv, HEADER)`);
    await db.run(`COPY (${select}) TO '${join(DATA, 'parquet', `${name}.parquet`)}' (FORMAT parquet)`);
    // Feather from the Parquet file through parquet-wasm, so all three hold the same rows, in record batches of
    // 65,536 rows as pyarrow's `write_feather` writes them (parquet-wasm's default would be 1,024).
    const pw = await import('parquet-wasm');
    const { readFile } = await import('node:fs/promises');
    const ipc = pw
      .readParquet(await readFile(join(DATA, 'parquet', `${name}.parquet`)), { batchSize: 65_536 })
      .intoIPCStream();
    await writeFile(join(DATA, 'feather', `${name}.feather`), tableToIPC(tableFromIPC(ipc), 'file'));
  }
  await writeFile(join(DATA, DATA_VERSION), '');
}
