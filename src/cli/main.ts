#!/usr/bin/env node
/**
 * The `qwak-batch` executable. Ctrl-C aborts the running operation (a local run stops its tasks and prints
 * its ledger); a second Ctrl-C ends the process at once.
 */
import { processIo } from './io.js';
import { runCli } from './run-cli.js';

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort(new Error('interrupted (Ctrl-C)'));
});

const code = await runCli(process.argv.slice(2), processIo(controller.signal));
process.exitCode = code;
