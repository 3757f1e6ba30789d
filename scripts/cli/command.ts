/**
 * The command line's building blocks: a command declares its words, options and what it runs; the
 * entry point (scripts/harbor.ts) parses argv against the declarations, so `--help`, unknown options
 * and missing values are handled the same way for every command. A later issue adds a command by
 * adding its declaration to COMMANDS in scripts/cli/commands.ts.
 */

export interface OptionSpec {
  /** Takes a value (`--email E`); otherwise a flag (`--json`). */
  value: boolean;
  required?: boolean;
  description: string;
}

export type ParsedOptions = Record<string, string | true | undefined>;

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  /** The words that name it, e.g. ["staff", "create"]. */
  words: string[];
  summary: string;
  options: Record<string, OptionSpec>;
  /** Positional arguments after the words, in order, all required (`import <source> <file>`); parsed into the options under their names. */
  args?: { name: string; description: string }[];
  /** Needs the database (opened and migrated before run). */
  database: boolean;
  /** Checks the options before the database is opened (throws UsageError). */
  check?(options: ParsedOptions): void;
  run(options: ParsedOptions, io: CommandIo): Promise<void>;
}

/** Bad input: printed as `error: <message>` with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function usage(command: Command): string {
  const opts = Object.entries(command.options).map(([name, o]) => {
    const flag = o.value ? `--${name} ${name.toUpperCase()}` : `--${name}`;
    return o.required ? flag : `[${flag}]`;
  });
  const args = (command.args ?? []).map((a) => `<${a.name}>`);
  const lines = [`usage: npm run harbor -- ${[...command.words, ...args, ...opts].join(" ")}`, "", command.summary];
  const described = Object.entries(command.options);
  if (command.args?.length) lines.push("", ...command.args.map((a) => `  <${a.name}>${" ".repeat(Math.max(1, 11 - a.name.length))}${a.description}`));
  if (described.length) lines.push("", ...described.map(([name, o]) => `  --${name.padEnd(10)} ${o.description}`));
  return lines.join("\n");
}

/** Parses the arguments after a command's words against its options. */
export function parseOptions(command: Command, args: string[]): ParsedOptions {
  const parsed: ParsedOptions = {};
  const positional = [...(command.args ?? [])];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!m && !arg.startsWith("--") && positional.length) {
      parsed[positional.shift()!.name] = arg;
      continue;
    }
    if (!m) throw new UsageError(`unexpected argument "${arg}"`);
    const [, name, inline] = m as unknown as [string, string, string | undefined];
    const spec = command.options[name];
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (parsed[name] !== undefined) throw new UsageError(`--${name} is given twice`);
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      parsed[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
    parsed[name] = value;
  }
  if (positional.length) throw new UsageError(`missing <${positional[0]!.name}>`);
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.required && parsed[name] === undefined) throw new UsageError(`missing --${name}`);
  }
  return parsed;
}
