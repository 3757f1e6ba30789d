/**
 * The API as a whole: every declared path is routed (app/routes.ts), and a client generated from the
 * published document with openapi-typescript compiles against a small usage example, so removing an
 * operation or a field a client relies on breaks this test.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import routes from "../routes";
import { API_PATHS, openApiDocument } from "./registry.server";

describe("routing", () => {
  it("serves every declared endpoint path from one route module, and nothing undeclared", () => {
    const routed = routes
      .map((r) => r.path ?? "")
      .filter((p) => p.startsWith("api/v1/"))
      .map((p) => p.slice("api/v1".length).replace(/:(\w+)/g, "{$1}"));
    expect([...routed].sort()).toEqual([...API_PATHS].sort());
  });
});

type Doc = ReturnType<typeof openApiDocument>;

const dir = mkdtempSync(join(tmpdir(), "harbor-client-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What a storefront written against the document does: list products, create a cart, read errors.
const USAGE = `
import type { components, paths } from "./schema";

type Json<R> = R extends { content: { "application/json": infer B } } ? B : never;

async function typedGet<P extends "/products" | "/products/{handle}">(path: P, query: NonNullable<paths[P]["get"]["parameters"]["query"]>) {
  const res = await fetch(\`https://shop.example/api/v1\${path}?\${new URLSearchParams(query as Record<string, string>)}\`);
  return (await res.json()) as Json<paths[P]["get"]["responses"][200]>;
}

export async function example(): Promise<string> {
  const page = await typedGet("/products", { market: "de-de", first: 20, sort: "price-asc" });
  const first: components["schemas"]["ProductSummary"] | undefined = page.nodes[0];
  const total: number = page.pageInfo.totalCount;
  const cursor: string | null = page.pageInfo.endCursor;

  type CreateCart = paths["/carts"]["post"];
  const body: CreateCart["requestBody"]["content"]["application/json"] = { market: "de-de" };
  const res = await fetch("https://shop.example/api/v1/carts", { method: "POST", body: JSON.stringify(body) });
  if (res.status !== 201) {
    const failure = (await res.json()) as Json<CreateCart["responses"][400]>;
    const code: components["schemas"]["Error"]["error"]["code"] = failure.error.code;
    return code;
  }
  const cart = (await res.json()) as Json<CreateCart["responses"][201]>;
  const token: string | undefined = cart.token;
  const amount: string = cart.totals.total.amount;
  const method: "express" | "dedicated" | "postal" | "local" | undefined = cart.shippingMethods[0]?.code;
  return [first?.title, total, cursor, token, amount, method].join(" ");
}
`;

async function compileAgainst(doc: Doc, name: string): Promise<string[]> {
  const out = mkdtempSync(join(dir, `${name}-`));
  const schema = astToString(await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0]));
  writeFileSync(join(out, "schema.d.ts"), schema);
  writeFileSync(join(out, "usage.ts"), USAGE);
  const program = ts.createProgram([join(out, "usage.ts")], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("typed client generated from /api/v1/openapi.json", () => {
  it("compiles a usage example (list products, create a cart, read the error body)", async () => {
    expect(await compileAgainst(openApiDocument("https://shop.example"), "full")).toEqual([]);
  });

  it("stops compiling when the document loses an operation or a field the example uses", async () => {
    const withoutCarts = structuredClone(openApiDocument("https://shop.example"));
    delete withoutCarts.paths["/carts"];
    expect((await compileAgainst(withoutCarts, "no-carts")).join("\n")).toMatch(/\/carts/);

    const withoutTotal = structuredClone(openApiDocument("https://shop.example"));
    const pageInfo = withoutTotal.components.schemas.PageInfo as { properties: Record<string, unknown>; required: string[] };
    delete pageInfo.properties.totalCount;
    pageInfo.required = pageInfo.required.filter((f) => f !== "totalCount");
    expect((await compileAgainst(withoutTotal, "no-total")).join("\n")).toMatch(/totalCount/);
  });
});
