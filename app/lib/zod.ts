import { z } from "zod";

// The CSP forbids 'unsafe-eval', and zod's JIT probe (`new Function("")`) would be refused and logged
// as a CSP violation in the browser. Remix imports route modules before entry.client runs, so every
// module that may reach the browser takes zod from here: this runs before any of them builds a schema.
if (typeof document !== "undefined") z.config({ jitless: true });

export { z };
