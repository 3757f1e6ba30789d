/** `fx-rates list`, `fx-rates add`: FX rates from a script (a daily rate feed, say), as the admin enters them. */
import { isUserError } from "../../app/lib/errors";
import { listFxRates } from "../../app/modules/markets/markets-admin.server";
import { utcDay } from "../../app/modules/markets/markets.server";
import { addFxRate } from "../../app/modules/settings/settings.server";
import { UsageError, type Command } from "./command";
import { CLI_ACTOR } from "./staff";

const list: Command = {
  words: ["fx-rates", "list"],
  summary: "Lists the FX rates, one line each: currency, rate, effective day, and * for the rate in force today.",
  database: true,
  options: {},
  async run(_o, io) {
    for (const r of await listFxRates()) io.out(`${r.currency} ${r.rate} ${r.effectiveOn}${r.current ? " *" : ""}`);
  },
};

const add: Command = {
  words: ["fx-rates", "add"],
  summary: "Enters an FX rate (units of the currency per one unit of the base currency) from a day on; in force now, converted prices are rebuilt at once.",
  database: true,
  options: {
    currency: { value: true, required: true, description: "ISO 4217 code, e.g. EUR" },
    rate: { value: true, required: true, description: "decimal, e.g. 0.9200" },
    from: { value: true, description: "effective day YYYY-MM-DD (UTC); default today" },
  },
  check(o) {
    if (!/^[A-Za-z]{3}$/.test(String(o.currency))) throw new UsageError(`--currency must be a three-letter code, got "${String(o.currency)}"`);
  },
  async run(o, io) {
    try {
      const r = await addFxRate(CLI_ACTOR, { currency: String(o.currency).toUpperCase(), rate: String(o.rate), effectiveOn: o.from === undefined ? utcDay() : String(o.from) });
      io.out(`${r.rate.currency} ${r.rate.rate} from ${r.rate.effectiveOn}: ${r.applied ? "in force, prices rebuilt" : "scheduled"}`);
    } catch (e) {
      if (isUserError(e) && e.field) throw new UsageError(`--${e.field === "effectiveOn" ? "from" : e.field}: ${e.message}`);
      throw e;
    }
  },
};

export const marketCommands: Command[] = [list, add];
