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
      const path = String(o.out);
      const file = createWriteStream(path);
      try {
        await once(file, "open");
      } catch (e) {
        throw new UsageError(`--out: cannot write ${path}: ${(e as Error).message}`);
      }
      const bytes = await pipeTo(kind, file);
      file.end();
      await once(file, "finish");
      io.err(`${kind}: ${bytes} bytes written to ${path}`);
    },
  };
}

export const exportCommands: Command[] = EXPORT_KINDS.map(exportCommand);
