import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC, tableFromJSON, tableToIPC } from 'apache-arrow';

/*
 * Inputs are written and outputs read by third-party code (DuckDB for CSV and Parquet, apache-arrow for
 * Feather), never by our own codecs, so that a codec bug cannot hide itself in a runner test.
 */

export type Row = { id: number; name: string; amount: number };

/** `n` rows starting at id `from`. */
export function sampleRows(n: number, from = 0): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: from + i,
    name: `name-${from + i}`,
    amount: (from + i) * 1.5,
  }));
}

export async function tempDir(
  prefix = 'qwak-runner-',
): Promise<{ path: string; url: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, url: pathToFileURL(path).href, cleanup: () => rm(path, { recursive: true, force: true }) };
}

let duck:
  | Promise<Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>>
  | undefined;
async function duckdb() {
  duck ??= DuckDBInstance.create(':memory:').then((i) => i.connect());
  return duck;
}

function csvOf(rows: readonly Row[]): string {
  return `id,name,amount\n${rows.map((r) => `${r.id},${r.name},${r.amount}`).join('\n')}\n`;
}

/** Writes `rows` as a file of `type` at `path`. */
export async function writeInput(path: string, type: 'csv' | 'parquet' | 'feather', rows: readonly Row[]) {
  if (type === 'csv') return writeFile(path, csvOf(rows));
  if (type === 'feather') return writeFile(path, tableToIPC(tableFromJSON(rows as Row[]), 'file'));
  const csv = `${path}.src.csv`;
  await writeFile(csv, csvOf(rows));
  const db = await duckdb();
  await db.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${path}' (FORMAT parquet)`);
  await rm(csv);
}

/** Reads an output file as plain rows (numbers as numbers, in file order). */
export async function readOutput(
  path: string,
  type: 'csv' | 'parquet' | 'feather',
): Promise<Record<string, unknown>[]> {
  if (type === 'feather') {
    const table = tableFromIPC(await readFile(path));
    return table.toArray().map((r) => normalize(r.toJSON() as Record<string, unknown>));
  }
  const db = await duckdb();
  const reader = await db.runAndReadAll(
    type === 'csv' ? `SELECT * FROM read_csv('${path}')` : `SELECT * FROM read_parquet('${path}')`,
  );
  return (await reader.getRowObjectsJS()).map((r) => normalize(r as Record<string, unknown>));
}

function normalize(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}

/** Every file name in a folder, sorted (temp files included: they must not be there). */
export async function filesIn(path: string): Promise<string[]> {
  return (await readdir(path)).sort();
}

/**
 * Runs `script` in a child Node process, with `env` over this process's environment: its exit code and what it
 * printed on stdout. Rejects (and kills it) when it has not ended by itself within `ms`.
 */
export async function runNodeScript(
  script: URL,
  env: Record<string, string | undefined>,
  ms = 15_000,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [fileURLToPath(script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the process did not end by itself within ${ms / 1000} s`));
    }, ms);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  return { code, stdout };
}
