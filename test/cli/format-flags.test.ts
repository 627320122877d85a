import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { CompressionType, MessageReader } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { BIN, localStartArgs, PLATFORM_START_FLAGS, ROOT, runBuiltCli } from './built-cli.js';
import { memoryIo } from './memory-io.js';

/*
 * The flags run through runCli in-process (the runner's worker threads load the built worker); their effect is
 * read back from the files by third-party code: DuckDB for CSV and Parquet, apache-arrow's message reader for
 * Feather. Never by our own codecs, which could hide their own bug.
 */

const ROWS = 50;
let dir: string;
let n = 0;
const outDir = () => join(dir, `out-${++n}`);

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** A local run of the identity model over `source` into `out`. */
function local(source: string, out: string, ...more: string[]): string[] {
  return localStartArgs(join(dir, source), out, join(dir, 'identity.mjs'), ...more);
}

const REMOTE = ['execution', 'start', ...PLATFORM_START_FLAGS];

let duck: ReturnType<typeof connect> | undefined;
async function connect() {
  return (await DuckDBInstance.create(':memory:')).connect();
}
async function query(sql: string): Promise<Record<string, unknown>[]> {
  duck ??= connect();
  return (await (await duck).runAndReadAll(sql)).getRowObjectsJS();
}

/** The compression codecs of a Parquet file's column chunks, as DuckDB reads its footer. */
async function parquetCodecs(path: string): Promise<string[]> {
  const rows = await query(`SELECT DISTINCT compression FROM parquet_metadata('${path}') ORDER BY 1`);
  return rows.map((r) => String(r.compression));
}

/** The body compression of every record batch of a Feather (Arrow IPC file) file; null when uncompressed. */
async function featherCompressions(path: string): Promise<{ types: (number | null)[]; rows: number }> {
  const bytes = await readFile(path);
  expect(bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
  // The IPC file format is the magic (8 bytes with padding), then the stream format's messages.
  const reader = new MessageReader(bytes.subarray(8));
  const types: (number | null)[] = [];
  let rows = 0;
  for (let next = reader.next(); !next.done; next = reader.next()) {
    const message = next.value;
    if (message.isRecordBatch()) {
      const header = message.header();
      types.push(header.compression?.type ?? null);
      rows += Number(header.length);
    }
    reader.readMessageBody(message.bodyLength);
  }
  return { types, rows };
}

const nameOf = (i: number) => `Smith, J ${i}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qwak-batch-cli-formats-'));
  await writeFile(join(dir, 'identity.mjs'), 'export const predict = (table) => table;\n');
  // Names hold commas: a file read with the wrong delimiter shows it at once.
  const rows = Array.from({ length: ROWS }, (_, i) => [i, nameOf(i), i * 1.5]);
  for (const [folder, sep] of [
    ['semicolon', ';'],
    ['tab', '\t'],
    ['comma', ','],
  ] as const) {
    await mkdir(join(dir, folder));
    const quote = (v: unknown) => (sep === ',' && typeof v === 'string' ? `"${v}"` : String(v));
    const body = rows.map((r) => r.map(quote).join(sep)).join('\n');
    await writeFile(join(dir, folder, 'part-1.csv'), `id${sep}name${sep}amount\n${body}\n`);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('execution start --help', () => {
  it('lists the format flags in their own group, and --no-fsync with the local run flags', async () => {
    const help = await cli(['execution', 'start', '--help']);
    expect(help.code).toBe(0);
    const group = help.out.split('File formats (local run):\n')[1]?.split('\n\n')[0] ?? '';
    expect(group).toContain('--csv-delimiter <char>');
    expect(group).toContain('--parquet-compression <snappy|zstd|gzip|lz4_raw|brotli|none>');
    expect(group).toContain('--parquet-row-group-size <rows>');
    expect(group).toContain('--parquet-delta-encodings');
    expect(group).toContain('--feather-compression <lz4|zstd|none>');
    const localGroup =
      help.out.split('Local run (file:// folders, or --model):\n')[1]?.split('\n\n')[0] ?? '';
    expect(localGroup).toMatch(/--no-fsync\s+Skip the flush to disk/);
  });
});

describe('--csv-delimiter', () => {
  it('reads a semicolon file into its columns (DuckDB reads the Parquet output back)', async () => {
    const out = outDir();
    const run = await cli(local('semicolon', out, '--csv-delimiter', ';', '--output-file-type', 'parquet'));
    expect(run.code, run.err).toBe(0);
    const rows = await query(`SELECT * FROM read_parquet('${join(out, 'part-1.parquet')}') ORDER BY id`);
    expect(rows).toHaveLength(ROWS);
    expect(rows[7]).toEqual({ id: 7n, name: nameOf(7), amount: 10.5 });
  });

  it('without it, the same file fails: its commas split the name (so the test above can fail)', async () => {
    const out = outDir();
    const run = await cli(local('semicolon', out, '--output-file-type', 'parquet'));
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/part-1\.csv\s+failed/);
    expect(run.err).toContain('the row has 2 fields where the header has 1');
  });

  it('writes CSV with the delimiter too; \\t spells a tab', async () => {
    const out = outDir();
    const run = await cli(local('tab', out, '--csv-delimiter', '\\t'));
    expect(run.code, run.err).toBe(0);
    const text = await readFile(join(out, 'part-1.csv'), 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual(['id\tname\tamount', `0\t${nameOf(0)}\t0`]);
    const rows = await query(
      `SELECT * FROM read_csv('${join(out, 'part-1.csv')}', delim = '\t', header = true) ORDER BY id`,
    );
    expect(rows).toHaveLength(ROWS);
    expect(rows[3]).toMatchObject({ name: nameOf(3), amount: 4.5 });
  });
});

describe('--csv-no-infer-types and --csv-column-type (the built CLI, end to end)', () => {
  // ZIP codes with a leading zero, and ids past int64 (and past float64's 53 bits of integer precision).
  const CSV = 'zip,id,amount\n00501,12345678901234567890,1.5\n02134,98765432109876543210,2\n';
  const lines = async (out: string) => (await readFile(join(out, 'zips.csv'), 'utf8')).split('\n');
  const zipRun = async (...more: string[]) => {
    const out = outDir();
    const run = await runBuiltCli(local('zips', out, ...more));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return lines(out);
  };

  beforeAll(async () => {
    await mkdir(join(dir, 'zips'));
    await writeFile(join(dir, 'zips', 'zips.csv'), CSV);
  });

  it('without them, inference turns 00501 into 501 (so that the tests below can fail)', async () => {
    expect((await zipRun())[1]).toMatch(/^501,/);
  });

  it('--csv-no-infer-types reads every column as text: the output holds the values as written', async () => {
    expect((await zipRun('--csv-no-infer-types')).join('\n')).toBe(CSV);
  });

  it('--csv-column-type NAME=TYPE types the columns named; the others are still inferred', async () => {
    const out = outDir();
    const run = await runBuiltCli(
      local(
        'zips',
        out,
        '--csv-column-type',
        'zip=utf8',
        '--csv-column-type=id=UTF8',
        '--output-file-type',
        'parquet',
      ),
    );
    expect(run.code).toBe(0);
    const rows = await query(`SELECT * FROM '${join(out, 'zips.parquet')}' ORDER BY zip`);
    expect(rows).toEqual([
      { zip: '00501', id: '12345678901234567890', amount: 1.5 },
      { zip: '02134', id: '98765432109876543210', amount: 2 },
    ]);
    const types = await query(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${join(out, 'zips.parquet')}')`,
    );
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.column_type]))).toEqual({
      zip: 'VARCHAR',
      id: 'VARCHAR',
      amount: 'DOUBLE',
    });
    expect((await zipRun('--csv-column-type', 'zip=utf8'))[1]).toMatch(/^00501,/);
  });

  it('is listed in --help, with the other CSV flag', async () => {
    const help = await runBuiltCli(['execution', 'start', '--help']);
    const group = help.stdout.split('File formats (local run):\n')[1]?.split('\n\n')[0] ?? '';
    expect(group).toMatch(/--csv-no-infer-types\s+Read every CSV column as text/);
    expect(group).toMatch(/--csv-column-type <NAME=TYPE> \.\.\.\s+Type of one CSV column read/);
  });

  const bad: [string[], string][] = [
    [
      ['--csv-column-type', 'zip=text'],
      '--csv-column-type zip: the type must be one of int64, float64, boolean, utf8, date, timestamp, timestamp[s|ms|us|ns] or timestamp[<unit>, UTC]; got "text" (did you mean utf8?)',
    ],
    [['--csv-column-type', 'zip'], '--csv-column-type takes NAME=TYPE'],
    [['--csv-column-type', '=utf8'], '--csv-column-type takes NAME=TYPE'],
    [
      ['--csv-column-type', 'zip=utf8', '--csv-column-type', 'zip=int64'],
      '--csv-column-type zip was given twice',
    ],
    [
      ['--input-file-type', 'parquet', '--csv-no-infer-types'],
      '--csv-no-infer-types applies only to CSV files read; this run reads parquet',
    ],
  ];
  for (const [flags, message] of bad) {
    it(`refuses ${flags.join(' ')} with exit 2, naming the flag`, async () => {
      const out = outDir();
      const run = await runBuiltCli(local('zips', out, ...flags));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^qwak-batch: usage error: /);
      expect(run.stderr).toContain(message);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('Parquet flags (DuckDB parquet_metadata)', () => {
  const expected = {
    snappy: 'SNAPPY',
    zstd: 'ZSTD',
    gzip: 'GZIP',
    lz4_raw: 'LZ4_RAW',
    brotli: 'BROTLI',
    none: 'UNCOMPRESSED',
  } as const;
  for (const [flag, codec] of Object.entries(expected)) {
    it(`--parquet-compression ${flag} writes ${codec} column chunks`, async () => {
      const out = outDir();
      const run = await cli(
        local('comma', out, '--output-file-type', 'parquet', '--parquet-compression', flag.toUpperCase()),
      );
      expect(run.code, run.err).toBe(0);
      expect(await parquetCodecs(join(out, 'part-1.parquet'))).toEqual([codec]);
      const [count] = await query(`SELECT count(*) AS n FROM read_parquet('${join(out, 'part-1.parquet')}')`);
      expect(count?.n).toBe(BigInt(ROWS));
    });
  }

  it('--parquet-row-group-size 7 splits 50 rows into 8 row groups (default: one)', async () => {
    const groups = async (...more: string[]) => {
      const out = outDir();
      const run = await cli(local('comma', out, '--output-file-type', 'parquet', ...more));
      expect(run.code, run.err).toBe(0);
      const meta = await query(
        `SELECT row_group_id, max(row_group_num_rows) AS n FROM parquet_metadata('${join(out, 'part-1.parquet')}') GROUP BY 1 ORDER BY 1`,
      );
      return meta.map((r) => Number(r.n));
    };
    expect(await groups('--parquet-row-group-size', '7')).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(await groups()).toEqual([ROWS]);
  });

  it('--parquet-delta-encodings writes the increasing id column DELTA_BINARY_PACKED (default: PLAIN)', async () => {
    const encodings = async (...more: string[]) => {
      const out = outDir();
      const run = await cli(local('comma', out, '--output-file-type', 'parquet', ...more));
      expect(run.code, run.err).toBe(0);
      const [row] = await query(
        `SELECT encodings FROM parquet_metadata('${join(out, 'part-1.parquet')}') WHERE path_in_schema = 'id'`,
      );
      return String(row?.encodings);
    };
    expect(await encodings('--parquet-delta-encodings')).toContain('DELTA_BINARY_PACKED');
    const plain = await encodings();
    expect(plain).toContain('PLAIN');
    expect(plain).not.toContain('DELTA');
  });
});

describe('--feather-compression (apache-arrow reads the record batch headers)', () => {
  it('lz4 writes LZ4_FRAME bodies; the default writes them uncompressed', async () => {
    const out = outDir();
    const run = await cli(
      local('comma', out, '--output-file-type', 'feather', '--feather-compression', 'lz4'),
    );
    expect(run.code, run.err).toBe(0);
    const lz4 = await featherCompressions(join(out, 'part-1.feather'));
    expect(lz4.rows).toBe(ROWS);
    expect(lz4.types.length).toBeGreaterThan(0);
    expect(new Set(lz4.types)).toEqual(new Set([CompressionType.LZ4_FRAME]));

    const plainOut = outDir();
    expect((await cli(local('comma', plainOut, '--output-file-type', 'feather'))).code).toBe(0);
    const plain = await featherCompressions(join(plainOut, 'part-1.feather'));
    expect(plain.rows).toBe(ROWS);
    expect(new Set(plain.types)).toEqual(new Set([null]));
  });

  const nodeHasZstd = typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';
  it(`zstd ${nodeHasZstd ? 'writes ZSTD bodies' : 'is refused before any file is read on this Node (no zlib zstd)'}`, async () => {
    const out = outDir();
    const run = await cli(
      local('comma', out, '--output-file-type', 'feather', '--feather-compression', 'zstd'),
    );
    if (nodeHasZstd) {
      expect(run.code, run.err).toBe(0);
      expect(new Set((await featherCompressions(join(out, 'part-1.feather'))).types)).toEqual(
        new Set([CompressionType.ZSTD]),
      );
    } else {
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/--feather-compression zstd needs Node 22\.15 or later.*use lz4 or none/);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('--no-fsync', () => {
  it('is accepted and writes complete outputs, the same bytes as a run with fsync', async () => {
    const out = outDir();
    const synced = outDir();
    const run = await cli(local('comma', out, '--no-fsync', '--output-file-type', 'parquet'));
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('finished: 1 of 1 file succeeded');
    expect((await cli(local('comma', synced, '--output-file-type', 'parquet'))).code).toBe(0);
    expect(await readdir(out)).toEqual(['part-1.parquet']);
    const [count] = await query(`SELECT count(*) AS n FROM read_parquet('${join(out, 'part-1.parquet')}')`);
    expect(count?.n).toBe(BigInt(ROWS));
    expect(await readFile(join(out, 'part-1.parquet'))).toEqual(
      await readFile(join(synced, 'part-1.parquet')),
    );
  });

  /** fsync calls of the built CLI's process and threads, counted by strace. */
  async function fsyncCalls(args: readonly string[]): Promise<number> {
    const trace = join(dir, `strace-${++n}.txt`);
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        'strace',
        ['-f', '-qq', '-e', 'trace=fsync,fdatasync', '-o', trace, process.execPath, BIN, ...args],
        { cwd: ROOT, stdio: 'ignore' },
      );
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    return (await readFile(trace, 'utf8')).split('\n').filter((line) => /\b(fsync|fdatasync)\(/.test(line))
      .length;
  }
  const strace = ['/usr/bin/strace', '/bin/strace'].some((p) => existsSync(p));
  it.skipIf(!strace || !existsSync(BIN))(
    'skips the flush: no fsync call with it, one per output without it (strace; skipped without strace or dist)',
    async () => {
      expect(await fsyncCalls(local('comma', outDir()))).toBeGreaterThanOrEqual(1);
      expect(await fsyncCalls(local('comma', outDir(), '--no-fsync'))).toBe(0);
    },
  );
});

describe('bad values and flags that do not apply', () => {
  const cases: [string[], RegExp][] = [
    [['--csv-delimiter', ';;'], /--csv-delimiter must be one ASCII character .*got ";;"/],
    [['--csv-delimiter', '"'], /--csv-delimiter must be one ASCII character/],
    [['--csv-delimiter', '§'], /--csv-delimiter must be one ASCII character/],
    [
      ['--output-file-type', 'parquet', '--parquet-compression', 'lz4'],
      /--parquet-compression must be one of snappy, zstd, gzip, lz4_raw, brotli, none; got "lz4" \(did you mean lz4_raw\?\)/,
    ],
    [
      ['--output-file-type', 'parquet', '--parquet-row-group-size', '0'],
      /--parquet-row-group-size must be a whole number of rows >= 1; got "0"/,
    ],
    [['--output-file-type', 'parquet', '--parquet-row-group-size', '1e3'], /--parquet-row-group-size must/],
    [
      ['--output-file-type', 'feather', '--feather-compression', 'gzip'],
      /--feather-compression must be one of lz4, zstd, none; got "gzip"/,
    ],
    [
      ['--parquet-compression', 'zstd'],
      /--parquet-compression applies only to written Parquet files; this run writes csv/,
    ],
    [
      ['--output-file-type', 'parquet', '--feather-compression', 'lz4'],
      /--feather-compression applies only to written Feather files; this run writes parquet/,
    ],
    [
      ['--input-file-type', 'parquet', '--output-file-type', 'feather', '--csv-delimiter', ';'],
      /--csv-delimiter applies only to CSV files; this run reads parquet and writes feather/,
    ],
  ];
  for (const [flags, message] of cases) {
    it(`refuses ${flags.slice(-2).join(' ')} with exit 2 before any file is read`, async () => {
      const out = outDir();
      const run = await cli(local('comma', out, ...flags));
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/^qwak-batch: usage error: /);
      expect(run.err).toMatch(message);
      expect(run.out).toBe('');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('refuses --no-fsync when the outputs go to a bucket, before any file is read', async () => {
    const args = local('comma', 'unused', '--no-fsync');
    args[args.indexOf('--destination-folder') + 1] = 's3://my-bucket/out';
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^qwak-batch: usage error: --no-fsync applies only to file:\/\/ outputs; this run writes to s3:\/\//,
    );
  });

  it('checks values even with --out-conf', async () => {
    const run = await cli(local('comma', outDir(), '--csv-delimiter', 'ab', '--out-conf'));
    expect(run.code).toBe(2);
    expect(run.err).toContain('--csv-delimiter must be');
  });

  it('a platform run refuses every one of them, naming each', async () => {
    const run = await cli([
      ...REMOTE,
      '--csv-delimiter',
      ';',
      '--parquet-compression',
      'zstd',
      '--parquet-row-group-size',
      '10',
      '--parquet-delta-encodings',
      '--feather-compression',
      'lz4',
      '--no-fsync',
      '--out-conf',
    ]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain('6 options do not apply');
    for (const flag of [
      'csv-delimiter',
      'parquet-compression',
      'parquet-row-group-size',
      'parquet-delta-encodings',
      'feather-compression',
      'no-fsync',
    ]) {
      expect(run.err).toContain(`--${flag} applies only to a local run`);
    }
  });

  it('a platform run given one of them alone refuses it', async () => {
    const run = await cli([...REMOTE, '--no-fsync']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^qwak-batch: usage error: --no-fsync applies only to a local run: use file:\/\/ folders or give --model/,
    );
  });
});
