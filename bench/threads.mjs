#!/usr/bin/env node
// Why a first run gains little from a second worker thread on this 2-core machine: the runner benchmark's codec
// work (decode + encode of its 8 files), without the runner, in 1 and in 2 fresh worker threads of one process,
// each thread taking every n-th file. A pure-CPU loop in the same 1 and 2 threads is the control: it shows that
// the threads themselves run in parallel. Prints wall time, CPU (user, system), minor page faults and peak RSS.
//
//   node bench/runner.mjs                 first, once: generates bench/.data/runner
//   npx tsup && node bench/threads.mjs    parquet -> parquet (default)
//   node bench/threads.mjs csv parquet    any input and output type of the runner benchmark
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const here = fileURLToPath(new URL('.', import.meta.url));
const DATA = join(here, '.data', 'runner');
const DIST = process.env.QWAK_BENCH_DIST ?? join(here, '..', 'dist');
const FILES = 8;
const REPEAT = Number(process.env.QWAK_BENCH_REPEAT ?? 3);

if (!isMainThread) await workerMain(workerData);
else if (process.argv[2] === '--child') await child(process.argv.slice(3));
else main(process.argv[2] ?? 'parquet', process.argv[3] ?? 'parquet');

function main(input, output) {
  if (!existsSync(join(DATA, input))) {
    console.error(`threads: no data in ${DATA}; run "node bench/runner.mjs" once first`);
    process.exit(1);
  }
  console.log(
    `threads: ${FILES} runner benchmark files, ${input} -> ${output} (decode + encode, no runner), ` +
      `median of ${REPEAT} processes per row; control: a pure-CPU loop\n`,
  );
  console.log('| work | threads | wall ms | user CPU ms | system CPU ms | minor faults | peak RSS MB |');
  console.log('|---|---|---|---|---|---|---|');
  for (const work of ['codec', 'cpu']) {
    for (const threads of [1, 2]) {
      const runs = [];
      for (let i = 0; i < REPEAT; i++) {
        const result = spawnSync(
          process.execPath,
          [fileURLToPath(import.meta.url), '--child', work, String(threads), input, output],
          {
            encoding: 'utf8',
          },
        );
        if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
        runs.push(JSON.parse(result.stdout));
      }
      runs.sort((a, b) => a.wallMs - b.wallMs);
      const m = runs[Math.floor(runs.length / 2)];
      const rss = Math.max(...runs.map((r) => r.rssMb));
      console.log(
        `| ${work} | ${threads} | ${m.wallMs} | ${m.userMs} | ${m.systemMs} | ${m.minorFaults} | ${rss} |`,
      );
    }
  }
}

async function child([work, threads, input, output]) {
  const n = Number(threads);
  const started = performance.now();
  await Promise.all(
    Array.from(
      { length: n },
      (_, index) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(fileURLToPath(import.meta.url), {
            workerData: { work, index, n, input, output },
          });
          worker.on('error', reject);
          worker.on('exit', resolve);
        }),
    ),
  );
  const usage = process.resourceUsage();
  console.log(
    JSON.stringify({
      wallMs: Math.round(performance.now() - started),
      userMs: Math.round(usage.userCPUTime / 1000),
      systemMs: Math.round(usage.systemCPUTime / 1000),
      minorFaults: usage.minorPageFault,
      rssMb: Math.round(usage.maxRSS / 1024),
    }),
  );
}

async function workerMain({ work, index, n, input, output }) {
  if (work === 'cpu') {
    // About as long as the codec work of 4 files, and no memory to speak of.
    let x = 0;
    for (let i = 0; i < 3e8 / n; i++) x = (x + i * 7) | 0;
    parentPort.postMessage(x);
    return;
  }
  const { getCodec } = await import(pathToFileURL(join(DIST, 'formats.js')).href);
  const decoder = getCodec(input);
  const encoder = getCodec(output);
  for (let file = index; file < FILES; file += n) {
    const bytes = readFileSync(join(DATA, input, `part-${file}.${input}`));
    await encoder.encode(await decoder.decode(bytes));
  }
}
