/**
 * Commands are declared as data (name, description, flags, examples, `run`), so that one parser, one help
 * renderer and one error handler serve every command. Subcommands are loaded on first use, so `--help` and
 * remote commands never load Apache Arrow or a cloud SDK.
 */
import type { CliIo } from './io.js';

/** One flag of a command. */
export interface FlagSpec {
  /** `string` takes a value (`--model-id churn` or `--model-id=churn`); `boolean` takes none. */
  readonly type: 'string' | 'boolean';
  /** One line for `--help`. */
  readonly description: string;
  /** Other spellings, with their dashes: `['-P']`, `['--replicas']`. */
  readonly aliases?: readonly string[];
  /** Placeholder of the value in `--help`, e.g. `<id>`. */
  readonly valueName?: string;
  /** May be given more than once (values are collected in order). */
  readonly multiple?: boolean;
  /** Heading under which `--help` lists the flag. */
  readonly group?: string;
}

/** A positional argument. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Flag values by flag name (without dashes): a string, `true`, or a list for `multiple` flags. */
  readonly flags: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  /** Positional values by name. */
  readonly positionals: Readonly<Record<string, string | undefined>>;
  /** Flags given on the command line, by name, in the order given (for "does not apply" checks). */
  readonly given: readonly string[];
  readonly io: CliIo;
  /** The command's path, e.g. `qwak-batch execution start`, for messages. */
  readonly commandPath: string;
}

/** A command: a leaf with `run`, or a group with `subCommands`. */
export interface CommandSpec {
  readonly meta: {
    readonly name: string;
    /** One line, shown in the parent's list of commands and atop `--help`. */
    readonly description: string;
    /** Longer text after the usage line. */
    readonly details?: string;
    /** Command lines shown under "Examples" (without the leading `$ `). */
    readonly examples?: readonly string[];
    /** Left out of the parent's list of commands. */
    readonly hidden?: boolean;
  };
  readonly flags?: Readonly<Record<string, FlagSpec>>;
  readonly positionals?: readonly PositionalSpec[];
  readonly subCommands?: Readonly<Record<string, () => Promise<CommandSpec>>>;
  /** Runs the command and resolves to the exit code. */
  readonly run?: (context: CommandContext) => Promise<number>;
}

/** Identity helper that checks a command's shape where it is declared. */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** Exit codes of the CLI. */
export const EXIT = {
  /** Everything worked. */
  ok: 0,
  /** The execution failed (or any operation failed at run time). */
  failed: 1,
  /** The command line was wrong: unknown flag, missing value, invalid configuration. */
  usage: 2,
} as const;

/** Flags every command takes. */
export const GLOBAL_FLAGS: Readonly<Record<string, FlagSpec>> = {
  help: { type: 'boolean', description: 'Show this help', aliases: ['-h'], group: 'Global options' },
  debug: {
    type: 'boolean',
    description: 'Print the stack and causes of an error',
    group: 'Global options',
  },
};
