import type { Command } from "./command";
import { exportCommands } from "./exports";
import { importCommands } from "./imports";
import { jobCommands } from "./jobs";
import { marketCommands } from "./markets";
import { segmentCommands } from "./segments";
import { staffCommands } from "./staff";

/** Every command of `npm run harbor`; later issues add theirs here. */
export const COMMANDS: readonly Command[] = [...staffCommands, ...marketCommands, ...jobCommands, ...segmentCommands, ...importCommands, ...exportCommands];
