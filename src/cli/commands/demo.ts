import { defineCommand } from '../command.js';

/** `qwak-batch demo`: the README's first command (`npm start`). */
export const demoCommand = defineCommand({
  meta: {
    name: 'demo',
    description: 'Run the bundled example model over the bundled sample CSV files, in-process',
    details:
      'A local run of examples/models/identity-scorer.mjs over examples/data/*.csv, written as CSV into a new\n' +
      'temporary folder (or --output). Prints a progress line per file and the ledger: one row per file.',
    examples: ['qwak-batch demo', 'qwak-batch demo --output ./demo-out --output-file-type parquet'],
  },
  flags: {
    output: {
      type: 'string',
      valueName: '<folder>',
      description: 'Folder for the outputs (default: a new temp folder)',
    },
    'output-file-type': {
      type: 'string',
      valueName: '<type>',
      description: 'csv, parquet or feather (default: csv)',
    },
    progress: {
      type: 'string',
      valueName: '<mode>',
      description: 'auto, bar, lines or none (default: auto)',
    },
    json: { type: 'boolean', description: 'Print the result as JSON on stdout' },
  },
  async run(context) {
    const { runDemo } = await import('../start/run-demo.js');
    return runDemo(context);
  },
});
