import { defineCommand } from '../command.js';

/** `qwak-batch`: the top of the command tree. */
export const rootCommand = defineCommand({
  meta: {
    name: 'qwak-batch',
    description: 'Storage-based batch inference: run executions on the Qwak platform or in-process',
    details:
      'Remote commands read the token from QWAK_TOKEN (or an API key from QWAK_API_KEY) and the account from\n' +
      '--environment or QWAK_ENVIRONMENT. Exit codes: 0 success, 1 the execution failed, 2 usage error.\n' +
      'Add --version for the version; set NO_COLOR to turn colours off.',
    examples: [
      'qwak-batch demo',
      'qwak-batch execution start --model-id churn --source-folder file://in --destination-folder file://out --model ./model.mjs',
      'qwak-batch execution start --model-id churn --bucket my-bucket --source-folder in --destination-folder out --environment acme',
      'qwak-batch execution wait <execution-id> --environment acme',
    ],
  },
  subCommands: {
    execution: async () => (await import('./execution.js')).executionCommand,
    demo: async () => (await import('./demo.js')).demoCommand,
  },
});
