import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { z } from "zod";

// Zod 4 probes `new Function` to compile fast parsers; under our CSP (no 'unsafe-eval') the probe is a
// reported violation. Jitless mode skips it (zod.dev "Configuration: jitless").
z.config({ jitless: true });

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
