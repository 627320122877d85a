#!/usr/bin/env node
/**
 * The `qwak-batch` executable. Ctrl-C (SIGINT) or SIGTERM aborts the running operation (a local run stops its
 * tasks, leaves no temp file and prints the ledger of the files so far; exit 130 or 143); a second one ends the
 * process at once.
 * Once a reader closes stdout (`| head`), what is left to print is dropped, and the exit code is the command's.
 */
import { processIo } from './io.js';
import { runCli } from './run-cli.js';
import { abortOnStopSignals } from './stop-signals.js';

const controller = new AbortController();
abortOnStopSignals(controller);

const code = await runCli(process.argv.slice(2), processIo(controller.signal));
process.exitCode = code;
