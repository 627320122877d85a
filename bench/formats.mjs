// Formats benchmark: read and write MB/s, rows/s and peak RSS of each codec on a generated table of
// 1M rows x 8 columns, with DuckDB (one thread) reading and writing the same files in the same run.
// Usage: node bench/formats.mjs [--rows N] [--repeat N] [--only csv|parquet|feather]   (imports the BUILT package: run `npx tsup` first)
// Each measured case runs in its own child process, so that peak RSS (process.resourceUsage().maxRSS) is
// that case's alone. MB/s is the size of the file read or written (MB = 10^6 bytes) per second of the
// operation; the figure printed is the median of --repeat runs inside the child.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROWS = Number(arg('rows', 1_000_000));
const REPEAT = Number(arg('repeat', 3));
const ONLY = arg('only', undefined);
const self = fileURLToPath(import.meta.url);

const TARGETS = {
  'csv read': 150,
  'csv write': 100,
  'parquet read': 150,
  'parquet write': 60,
  'feather read': 1000,
};

if (arg('case')) {
  await runCase(arg('case'), arg('dir'));
} else {
  await main();
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'qwak-bench-formats-'));
  try {
    child('generate', dir);
    const sizes = Object.fromEntries(
      ['csv', 'parquet', 'feather'].map((t) => [t, statSync(join(dir, `data.${t}`)).size]),
    );
    console.log(
      `formats benchmark: ${ROWS.toLocaleString('en')} rows x 8 columns, median of ${REPEAT}, node ${process.version}`,
    );
    console.log(
      `files: csv ${mb(sizes.csv)} MB, parquet (snappy) ${mb(sizes.parquet)} MB, feather (uncompressed) ${mb(sizes.feather)} MB\n`,
    );
    const rows = [];
    for (const format of ['csv', 'parquet', 'feather']) {
      if (ONLY && ONLY !== format) continue;
      for (const op of ['read', 'write']) {
        const ours = child(`ours:${format}:${op}`, dir);
        const peer = format === 'feather' ? undefined : child(`duckdb:${format}:${op}`, dir);
        rows.push({ format, op, ours, peer });
      }
    }
    const header = [
      'case',
      'qwak-batch MB/s',
      'rows/s',
      'peak RSS',
      'DuckDB MB/s',
      'DuckDB RSS',
      'ours/DuckDB',
      'target',
      'meets',
    ];
    const lines = rows.map(({ format, op, ours, peer }) => {
      const target = TARGETS[`${format} ${op}`];
      return [
        `${format} ${op}`,
        ours.mbps.toFixed(0),
        `${(ours.rowsPerSec / 1e6).toFixed(2)}M`,
        `${ours.rssMb.toFixed(0)} MB`,
        peer ? peer.mbps.toFixed(0) : 'n/a',
        peer ? `${peer.rssMb.toFixed(0)} MB` : 'n/a',
        peer ? `${(ours.mbps / peer.mbps).toFixed(2)}x` : 'n/a',
        target ? `>= ${target}` : '-',
        target ? (ours.mbps >= target ? 'yes' : 'no') : '-',
      ];
    });
    printTable(header, lines);
    console.log(
      '\nDuckDB has no Arrow IPC (Feather) reader without its arrow extension, so Feather has no peer.',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function child(name, dir) {
  const out = execFileSync(
    process.execPath,
    [self, '--case', name, '--dir', dir, '--rows', String(ROWS), '--repeat', String(REPEAT)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').pop());
}

async function runCase(name, dir) {
  if (name === 'generate') {
    const { getCodec } = await import('../dist/formats.js');
    const table = await generate(ROWS);
    for (const type of ['csv', 'parquet', 'feather'])
      writeFileSync(join(dir, `data.${type}`), await getCodec(type).encode(table));
    console.log('{}');
    return;
  }
  const [engine, format, op] = name.split(':');
  const input = join(dir, `data.${format}`);
  const output = join(dir, `out-${engine}.${format}`);
  const times = [];
  let bytes = 0;
  if (engine === 'ours') {
    const { getCodec } = await import('../dist/formats.js');
    const codec = getCodec(format);
    const table =
      op === 'write' ? await getCodec('feather').decode(readFileSync(join(dir, 'data.feather'))) : undefined;
    for (let i = 0; i < REPEAT; i++) {
      if (op === 'read') {
        const data = readFileSync(input);
        const t0 = performance.now();
        const t = await codec.decode(data);
        times.push(performance.now() - t0);
        if (t.numRows !== ROWS) throw new Error(`read ${t.numRows} rows`);
        bytes = data.byteLength;
      } else {
        const t0 = performance.now();
        const out = await codec.encode(table);
        times.push(performance.now() - t0);
        bytes = out.byteLength;
        writeFileSync(output, out);
      }
    }
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:', { threads: '1' });
    const con = await db.connect();
    const reader = format === 'csv' ? `read_csv('${input}')` : `read_parquet('${input}')`;
    if (op === 'write')
      await con.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${join(dir, 'data.parquet')}')`);
    for (let i = 0; i < REPEAT; i++) {
      const t0 = performance.now();
      if (op === 'read') {
        await con.run(`CREATE OR REPLACE TABLE r AS SELECT * FROM ${reader}`);
      } else {
        const options = format === 'csv' ? '(FORMAT csv, HEADER)' : '(FORMAT parquet, COMPRESSION snappy)';
        await con.run(`COPY t TO '${output}' ${options}`);
      }
      times.push(performance.now() - t0);
      bytes = statSync(op === 'read' ? input : output).size;
    }
    con.closeSync();
    db.closeSync();
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  const result = {
    ms,
    bytes,
    mbps: bytes / 1e6 / (ms / 1000),
    rowsPerSec: ROWS / (ms / 1000),
    rssMb: peakRssMb(),
  };
  console.log(JSON.stringify(result));
}

/**
 * Peak RSS of this process. On Linux, ru_maxrss (process.resourceUsage().maxRSS) keeps the parent's peak
 * across fork and exec, so it is read from VmHWM, which exec resets; elsewhere maxRSS is used.
 */
function peakRssMb() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

/** ids, two float64s (one with nulls), a low-cardinality string, free text with commas and quotes, booleans, timestamps. */
async function generate(rows) {
  const { Table, makeVector, vectorFromArray, Float64, Utf8, Bool, Timestamp, TimeUnit } = await import(
    'apache-arrow'
  );
  const id = new BigInt64Array(rows);
  const price = new Float64Array(rows);
  const score = new Array(rows);
  const category = new Array(rows);
  const text = new Array(rows);
  const flag = new Array(rows);
  const ts = new Array(rows);
  const cats = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
  let seed = 42;
  // 32-bit LCG: Math.imul keeps the product exact (a plain `*` passes 2^53 and rounds, which made only ~16 % of
  // the draws distinct and flattered dictionary encoding).
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < rows; i++) {
    id[i] = BigInt(i) * 7919n;
    price[i] = Math.round(rand() * 1e6) / 100;
    score[i] = i % 17 === 0 ? null : rand() * 2 - 1;
    category[i] = i % 101 === 0 ? null : cats[i % cats.length];
    text[i] = i % 3 === 0 ? `item ${i}, "special" offer` : `plain note ${i % 9973}`;
    flag[i] = i % 29 === 0 ? null : rand() < 0.5;
    ts[i] = 1_700_000_000_000 + i * 1000;
  }
  return new Table({
    id: makeVector(id),
    price: makeVector(price),
    score: vectorFromArray(score, new Float64()),
    category: vectorFromArray(category, new Utf8()),
    text: vectorFromArray(text, new Utf8()),
    flag: vectorFromArray(flag, new Bool()),
    ts: vectorFromArray(ts, new Timestamp(TimeUnit.MILLISECOND, 'UTC')),
    qty: makeVector(Float64Array.from({ length: rows }, (_, i) => i % 1000)),
  });
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

function printTable(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(row(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(row(l));
}
