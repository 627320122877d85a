import { UsageError } from '../errors.js';
import type { FlagSpec, PositionalSpec } from './command.js';
import { didYouMean, suggestFlags } from './suggest-flag.js';

/** The result of parsing one command's arguments. */
export interface ParsedArgs {
  readonly flags: Record<string, string | boolean | string[]>;
  readonly positionals: Record<string, string>;
  /** Names of the flags given, in order, each once. */
  readonly given: string[];
}

/**
 * Parses `argv` against a command's flags and positionals. Hand-written rather than `node:util` parseArgs
 * because the CLI needs what parseArgs does not give: aliases with two dashes (`--replicas`), "did you mean"
 * for unknown flags, and an error (not a silent last-wins) for a flag given twice.
 *
 * @throws UsageError naming the flag and what is wrong.
 */
export function parseArgs(
  argv: readonly string[],
  flags: Readonly<Record<string, FlagSpec>>,
  positionals: readonly PositionalSpec[] = [],
): ParsedArgs {
  const bySpelling = new Map<string, string>();
  for (const [name, spec] of Object.entries(flags)) {
    bySpelling.set(`--${name}`, name);
    for (const alias of spec.aliases ?? []) bySpelling.set(alias, name);
  }
  const out: ParsedArgs = { flags: {}, positionals: {}, given: [] };
  // How each flag was first spelled, so that `--pods 4 --replicas 3` names both spellings.
  const spellings = new Map<string, string>();
  const rest: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyPositionals || token === '-' || !token.startsWith('-') || isNumber(token)) {
      rest.push(token);
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    const { spelling, inline } = splitToken(token, bySpelling);
    const name = bySpelling.get(spelling);
    if (name === undefined) throw unknownFlag(spelling, bySpelling);
    const spec = flags[name]!;
    let value: string | boolean;
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${spelling} takes no value (got "${inline}")`);
      value = true;
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && !isNumber(next))) {
        throw new UsageError(`${spelling} needs a value${spec.valueName ? ` ${spec.valueName}` : ''}`);
      }
      value = next;
      i++;
    }
    if (spec.multiple) {
      const list = (out.flags[name] as string[] | undefined) ?? [];
      list.push(String(value));
      out.flags[name] = list;
    } else if (name in out.flags) {
      const first = spellings.get(name)!;
      throw new UsageError(
        first === spelling
          ? `${spelling} was given twice; give it once`
          : `${first} and ${spelling} were both given; they are the same option, give one`,
      );
    } else {
      out.flags[name] = value;
      spellings.set(name, spelling);
    }
    if (!out.given.includes(name)) out.given.push(name);
  }
  positionals.forEach((spec, index) => {
    const value = rest[index];
    if (value !== undefined) out.positionals[spec.name] = value;
    else if (spec.required) throw new UsageError(`missing argument <${spec.name}>: ${spec.description}`);
  });
  if (rest.length > positionals.length) {
    const extra = rest.slice(positionals.length);
    throw new UsageError(
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((e) => `"${e}"`).join(' ')}` +
        (positionals.length ? '' : ': this command takes only options'),
    );
  }
  return out;
}

/** `--name=value` → spelling and inline value; `-Pkey=value` → `-P` and `key=value`. */
function splitToken(token: string, known: Map<string, string>): { spelling: string; inline?: string } {
  if (token.startsWith('--')) {
    const eq = token.indexOf('=');
    return eq === -1 ? { spelling: token } : { spelling: token.slice(0, eq), inline: token.slice(eq + 1) };
  }
  const short = token.slice(0, 2);
  if (token.length > 2 && known.has(short)) {
    return { spelling: short, inline: token.slice(2).replace(/^=/, '') };
  }
  return { spelling: token };
}

function unknownFlag(spelling: string, known: Map<string, string>): UsageError {
  const guesses = spelling.startsWith('--') ? suggestFlags(spelling, known) : [];
  return new UsageError(`unknown option ${spelling}${didYouMean(guesses)}`);
}

function isNumber(token: string): boolean {
  return /^-\d+(\.\d+)?$/.test(token);
}
