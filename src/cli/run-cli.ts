import { closest } from '../config/closest.js';
import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import { type CommandSpec, EXIT, GLOBAL_FLAGS } from './command.js';
import { rootCommand } from './commands/root.js';
import { renderHelp } from './help.js';
import { type CliIo, trackWrites } from './io.js';
import { errorDocument } from './output/error-json.js';
import { parseArgs } from './parse-args.js';
import { reportError } from './report-error.js';

/**
 * Runs the `qwak-batch` command line with `argv` (without `node` and the script) and resolves to the exit
 * code: 0 success, 1 the execution (or another operation) failed, 2 a usage error. Never throws and never
 * exits the process, so that tests can call it in-process.
 *
 * With `--json`, stdout always holds one JSON document: the command's result, or, when the command fails
 * before it printed one, `{ "error": { name, code, message }, "exitCode": n }` (the message also on stderr).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  const debug = head.includes('--debug');
  const help = head.includes('--help') || head.includes('-h');
  const json = head.includes('--json');
  const args = argv.filter((token, i) => (end !== -1 && i >= end) || token !== '--debug');
  const stdout = trackWrites(io.stdout);
  let path = 'qwak-batch';
  try {
    return await dispatch(args, { ...io, stdout }, help, (reached) => {
      path = reached;
    });
  } catch (error) {
    const code = reportError(error, io, { debug, helpHint: `Run "${path} --help" for usage.` });
    if (json && !stdout.written) io.stdout.write(errorDocument(error, code));
    return code;
  }
}

/** Finds the command `args` name and runs it, telling `onPath` each command path it reaches (for messages). */
async function dispatch(
  args: readonly string[],
  io: CliIo,
  help: boolean,
  onPath: (path: string) => void,
): Promise<number> {
  let path = 'qwak-batch';
  if (args[0] === '--version' || args[0] === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  let spec: CommandSpec = rootCommand;
  let i = 0;
  while (spec.subCommands) {
    const token = args[i];
    if (token === undefined || token.startsWith('-')) {
      const subs = await loadAll(spec);
      if (help) {
        io.stdout.write(renderHelp(spec, path, subs));
        return EXIT.ok;
      }
      if (token !== undefined)
        throw new UsageError(`unknown option ${token} for "${path}"; give a command first`);
      io.stderr.write(renderHelp(spec, path, subs));
      throw new UsageError(
        `"${path}" needs a command: ${subs
          .filter((s) => !s.meta.hidden)
          .map((s) => s.meta.name)
          .join(', ')}`,
      );
    }
    const load = spec.subCommands[token];
    if (!load) {
      const guess = closest(token, Object.keys(spec.subCommands));
      throw new UsageError(
        `unknown command "${token}" for "${path}"${guess ? `: did you mean "${guess}"?` : ''}`,
      );
    }
    spec = await load();
    path = `${path} ${token}`;
    onPath(path);
    i++;
  }
  if (help) {
    io.stdout.write(renderHelp(spec, path));
    return EXIT.ok;
  }
  const flags = { ...spec.flags, ...GLOBAL_FLAGS };
  const parsed = parseArgs(args.slice(i), flags, spec.positionals);
  if (!spec.run) throw new UsageError(`"${path}" cannot be run`);
  return await spec.run({
    flags: parsed.flags,
    positionals: parsed.positionals,
    given: parsed.given,
    io,
    commandPath: path,
  });
}

async function loadAll(spec: CommandSpec): Promise<CommandSpec[]> {
  return Promise.all(Object.values(spec.subCommands ?? {}).map((load) => load()));
}
