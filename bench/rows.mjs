#!/usr/bin/env node
// Benchmark of `rowsToTable`, which turns a predictor's answer given as row objects into an Arrow table (the
// runner calls it for every file whose predictor returns rows), against apache-arrow's own `tableFromJSON`,
// which does the same from the same rows. 250k rows x 6 columns (int, float, short ASCII string, longer
// non-ASCII string, boolean, some nulls), the shape of a scored file. Each measured case runs in its own child
// process, so that peak RSS is per case.
//
//   node bench/rows.mjs               (after `npx tsup`; QWAK_BENCH_REPEAT=5 for more runs)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROWS = 250_000;
const REPEAT = Number(process.env.QWAK_BENCH_REPEAT ?? 3);
const here = fileURLToPath(new URL('.', import.meta.url));
const DIST = process.env.QWAK_BENCH_DIST ?? join(here, '..', 'dist');

const [mode] = process.argv.slice(2);
if (mode === '--ours' || mode === '--peer') await child(mode);
else main();

function main() {
  console.log(
    `rows -> Arrow table: ${ROWS.toLocaleString('en')} row objects x 6 columns, median of ${REPEAT} runs\n`,
  );
  console.log(
    '| case | rowsToTable ms | rows/s | peak RSS MB | tableFromJSON ms | peer peak RSS MB | ratio (throughput vs peer) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const ours = [];
  const peer = [];
  for (let i = 0; i < REPEAT; i++) {
    ours.push(run('--ours'));
    peer.push(run('--peer'));
  }
  const o = median(ours);
  const p = median(peer);
  console.log(
    `| first call in a fresh process | ${o.ms.toFixed(0)} | ${Math.round((ROWS / o.ms) * 1000).toLocaleString('en')} | ` +
      `${o.maxRssMb.toFixed(0)} | ${p.ms.toFixed(0)} | ${p.maxRssMb.toFixed(0)} | ${(p.ms / o.ms).toFixed(2)}x |`,
  );
  console.log(
    `| warm (5th call) | ${o.warmMs.toFixed(0)} | ${Math.round((ROWS / o.warmMs) * 1000).toLocaleString('en')} | ` +
      `${o.maxRssMb.toFixed(0)} | ${p.warmMs.toFixed(0)} | ${p.maxRssMb.toFixed(0)} | ${(p.warmMs / o.warmMs).toFixed(2)}x |`,
  );
}

function run(flag) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), flag], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bench child ${flag} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

function median(runs) {
  const at = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { ms: at('ms'), warmMs: at('warmMs'), maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)) };
}

function rows() {
  const out = new Array(ROWS);
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < ROWS; i++) {
    out[i] = {
      id: i,
      score: next(),
      segment: `seg-${i % 17}`,
      note: i % 5 === 0 ? `café ${Math.floor(next() * 1e6)} — ok` : `note ${i}`,
      churned: next() < 0.3,
      region: i % 11 === 0 ? null : `r${i % 7}`,
    };
  }
  return out;
}

async function child(flag) {
  const build =
    flag === '--ours'
      ? (await import(pathToFileURL(join(DIST, 'runner.js')).href)).rowsToTable
      : (await import('apache-arrow')).tableFromJSON;
  const data = rows();
  const once = () => {
    const started = performance.now();
    const table = build(data, 'bench.csv');
    const ms = performance.now() - started;
    if (table.numRows !== ROWS) throw new Error(`built ${table.numRows} rows, expected ${ROWS}`);
    return ms;
  };
  const ms = once();
  let warmMs = 0;
  for (let i = 0; i < 4; i++) warmMs = once();
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, warmMs, maxRssMb })}\n`);
}
