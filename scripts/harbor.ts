/**
 * `npm run harbor -- <command>`: the store's command line. Opens DATABASE_URL, or the embedded
 * database when no server holds it, runs one command and exits: 0 on success, 1 when the command
 * failed, 2 on bad input (the message names the flag) or when the database cannot be opened.
 */
import { EnvError, getEnv } from "../app/lib/env.server";
import { createDb, DatabaseLockedError, migrateDb, setDatabase, type Database } from "../db/index";
import { parseOptions, usage, UsageError, type Command } from "./cli/command";
import { COMMANDS } from "./cli/commands";

const io = { out: (line: string) => process.stdout.write(`${line}\n`), err: (line: string) => process.stderr.write(`${line}\n`) };

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(" ").length));
  return [
    "usage: npm run harbor -- <command> [options]",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`),
    "",
    "`npm run harbor -- <command> --help` shows a command's options.",
  ].join("\n");
}

/** The command named by the leading words of argv, and the arguments after them. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  for (const command of COMMANDS) {
    if (command.words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(command.words.length) };
  }
  return null;
}

async function openDatabase(): Promise<Database> {
  const { url, pgliteDir } = getEnv().database;
  const database = url ? await createDb({ url, max: 2 }) : await createDb({ pgliteDir });
  setDatabase(database);
  await migrateDb(database);
  return database;
}

async function main(argv: string[]): Promise<number> {
  if (!argv.length || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    (argv.length ? io.out : io.err)(help());
    return argv.length ? 0 : 2;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`error: unknown command "${argv.join(" ")}"\n\n${help()}`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(usage(command));
    return 0;
  }
  let database: Database | null = null;
  try {
    const options = parseOptions(command, rest);
    command.check?.(options);
    if (command.database) database = await openDatabase();
    await command.run(options, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${usage(command)}`);
      return 2;
    }
    if (e instanceof DatabaseLockedError) {
      io.err(`error: ${e.message} (probably the running server). Stop it first, or run the store on PostgreSQL (DATABASE_URL), where the command line works beside the server.`);
      return 2;
    }
    if (e instanceof EnvError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await database?.close().catch(() => {});
  }
}

process.exitCode = await main(process.argv.slice(2));
