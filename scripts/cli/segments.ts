/** `segments list` and `segments count --id ID`: saved segments and how many mailable contacts each selects now. */
import { isUserError } from "../../app/lib/errors";
import { countSegment, listSegments } from "../../app/modules/marketing/segments.server";
import { UsageError, type Command } from "./command";

const list: Command = {
  words: ["segments", "list"],
  summary: "Lists the saved segments: id, members now (mailable contacts only), match and name.",
  database: true,
  options: {},
  async run(_o, io) {
    const segments = await listSegments();
    if (!segments.length) return io.out("no segments");
    for (const s of segments) io.out(`${s.id}\t${await countSegment(s)}\t${s.match}\t${s.name}`);
  },
};

const count: Command = {
  words: ["segments", "count"],
  summary: "Prints how many contacts a saved segment selects now (mailable contacts only).",
  database: true,
  options: { id: { value: true, required: true, description: "segment id (seg_…), from `segments list`" } },
  async run(o, io) {
    try {
      io.out(String(await countSegment(String(o.id))));
    } catch (e) {
      if (isUserError(e) && e.status === 404) throw new UsageError(`no segment with id "${String(o.id)}" (npm run harbor -- segments list shows them)`);
      throw e;
    }
  },
};

export const segmentCommands: Command[] = [list, count];
