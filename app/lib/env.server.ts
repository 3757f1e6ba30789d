import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  /** Public origin used for canonical URLs and sitemaps, e.g. https://shop.example.com */
  PUBLIC_URL: z.url().optional(),
  GEO_COUNTRY_HEADER: z
    .string()
    .default("cf-ipcountry")
    .transform((s) => s.toLowerCase()),
  STOREFRONT_API_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  SESSION_SECRET: z.string().min(16).optional(),
  HARBOR_SEED: z.enum(["demo", "none"]).default("demo"),
});

export type Env = z.infer<typeof EnvSchema>;

let parsed: Env | null = null;

export function getEnv(): Env {
  if (!parsed) {
    const result = EnvSchema.safeParse(process.env);
    if (!result.success) {
      const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n${lines.join("\n")}`);
    }
    parsed = result.data;
  }
  return parsed;
}
