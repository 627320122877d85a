import { type CommandSpec, type FlagSpec, GLOBAL_FLAGS } from './command.js';

/** The `--help` text of a command; `path` is how it is called, e.g. `qwak-batch execution start`. */
export function renderHelp(
  spec: CommandSpec,
  path: string,
  subCommands: readonly CommandSpec[] = [],
): string {
  const lines: string[] = [`${path} - ${spec.meta.description}`, ''];
  const positionals = (spec.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const usage = subCommands.length
    ? `${path} <command> [options]`
    : `${path} ${positionals.join(' ')} [options]`;
  lines.push(`Usage: ${usage.replace(/\s+/g, ' ')}`);
  if (spec.meta.details) lines.push('', spec.meta.details);
  if (subCommands.length) {
    lines.push('', 'Commands:');
    const visible = subCommands.filter((c) => !c.meta.hidden);
    const width = Math.max(...visible.map((c) => c.meta.name.length));
    for (const c of visible) lines.push(`  ${c.meta.name.padEnd(width)}  ${c.meta.description}`);
  }
  if (spec.positionals?.length) {
    lines.push('', 'Arguments:');
    const width = Math.max(...spec.positionals.map((p) => p.name.length + 2));
    for (const p of spec.positionals) lines.push(`  ${`<${p.name}>`.padEnd(width)}  ${p.description}`);
  }
  const flags = { ...spec.flags, ...GLOBAL_FLAGS };
  const groups = new Map<string, [string, string][]>();
  for (const [name, flag] of Object.entries(flags)) {
    const group = flag.group ?? 'Options';
    const rows = groups.get(group) ?? [];
    rows.push([flagLabel(name, flag), flag.description]);
    groups.set(group, rows);
  }
  const width = Math.min(34, Math.max(...[...groups.values()].flat().map(([label]) => label.length)));
  for (const [group, rows] of groups) {
    lines.push('', `${group}:`);
    for (const [label, text] of rows) {
      lines.push(
        label.length > width
          ? `  ${label}\n  ${''.padEnd(width)}  ${text}`
          : `  ${label.padEnd(width)}  ${text}`,
      );
    }
  }
  if (spec.meta.examples?.length) {
    lines.push('', 'Examples:');
    for (const example of spec.meta.examples) lines.push(`  $ ${example}`);
  }
  if (subCommands.length) lines.push('', `Run "${path} <command> --help" for the options of a command.`);
  return `${lines.join('\n')}\n`;
}

function flagLabel(name: string, flag: FlagSpec): string {
  const short = (flag.aliases ?? []).filter((a) => !a.startsWith('--'));
  const long = [`--${name}`, ...(flag.aliases ?? []).filter((a) => a.startsWith('--'))];
  const value = flag.type === 'string' ? ` ${flag.valueName ?? '<value>'}` : '';
  return `${[...short, ...long].join(', ')}${value}${flag.multiple ? ' ...' : ''}`;
}
