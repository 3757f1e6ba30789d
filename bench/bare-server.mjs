// Baseline: a bare node:http server answering with fixed bytes (what the app would send).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [port, ...files] = process.argv.slice(2);
const bodies = new Map(files.map((f) => {
  const [path, file, type] = f.split("|");
  return [path, { body: readFileSync(file), type }];
}));
createServer((req, res) => {
  const hit = bodies.get(req.url ?? "");
  if (!hit) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.writeHead(200, { "Content-Type": hit.type, "Content-Length": hit.body.length });
  res.end(hit.body);
}).listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
