import { defineCommand } from '../command.js';

/** `qwak-batch execution`: the platform CLI's `models execution` group. */
export const executionCommand = defineCommand({
  meta: {
    name: 'execution',
    description: 'Start, follow and cancel batch executions',
    examples: [
      'qwak-batch execution start --help',
      'qwak-batch execution status <execution-id> --environment acme',
    ],
  },
  subCommands: {
    start: async () => (await import('./start.js')).startCommand,
    status: async () => (await import('./status.js')).statusCommand,
    wait: async () => (await import('./wait.js')).waitCommand,
    cancel: async () => (await import('./cancel.js')).cancelCommand,
    report: async () => (await import('./report.js')).reportCommand,
    tasks: async () => (await import('./tasks.js')).tasksCommand,
    list: async () => (await import('./list.js')).listCommand,
  },
});
