/**
 * `export contacts|orders|points [--out FILE]`: the same CSV as the admin's download buttons and the
 * Admin API, streamed to a file or to standard output (UTF-8 with a byte order mark, for Excel).
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { EXPORT_KINDS, exportCsv, type ExportKind } from "../../app/server/exports.server";
import { UsageError, type Command } from "./command";

/** Writes each piece, waiting whenever the destination asks to (bounded memory however long the export). */
async function pipeTo(kind: ExportKind, out: Writable): Promise<number> {
  let bytes = 0;
  for await (const piece of exportCsv(kind)) {
    bytes += Buffer.byteLength(piece);
    if (!out.write(piece)) await once(out, "drain");
  }
  return bytes;
}

function exportCommand(kind: ExportKind): Command {
  return {
    words: ["export", kind],
    summary: `Writes every ${kind === "points" ? "points ledger row" : kind === "orders" ? "order" : "contact"} as CSV to --out, or to standard output.`,
    database: true,
    options: { out: { value: true, description: "file to write (replaced if it exists); default: standard output" } },
    check(o) {
      if (o.out !== undefined && !String(o.out).trim()) throw new UsageError("--out needs a file name");
    },
    async run(o, io) {
      if (o.out === undefined) {
        await pipeTo(kind, process.stdout);
        return;
      }
      const file = createWriteStream(String(o.out));
      const opened = once(file, "open");
      const failed = once(file, "error").then(([e]) => {
        throw new UsageError(`--out: cannot write ${String(o.out)}: ${(e as Error).message}`);
      });
      await Promise.race([opened, failed]);
      const bytes = await Promise.race([pipeTo(kind, file), failed]);
      file.end();
      await Promise.race([once(file, "finish"), failed]);
      io.err(`${kind}: ${bytes} bytes written to ${String(o.out)}`);
    },
  };
}

export const exportCommands: Command[] = EXPORT_KINDS.map(exportCommand);
