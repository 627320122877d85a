import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** DuckDB in memory, the independent reader the codecs are checked against, with a temp dir for files. */
export interface Oracle {
  readonly connection: DuckDBConnection;
  readonly dir: string;
  /** Rows of a query as JSON-friendly values (DuckDB's own rendering). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Writes bytes into the temp dir and returns the path. */
  file(name: string, bytes: Uint8Array): string;
  close(): void;
}

export async function openOracle(): Promise<Oracle> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const dir = mkdtempSync(join(tmpdir(), 'qwak-formats-'));
  return {
    connection,
    dir,
    async rows(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    },
    file(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A path quoted as a DuckDB string literal. */
export function sqlString(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
