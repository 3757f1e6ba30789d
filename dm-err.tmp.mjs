import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const url of ["/de-de", "/en-us/collections/tea-ware", "/en-us/products/celadon-kyusu-teapot", "/de-de/pages/shipping", "/ja-jp/pages/shipping", "/en-us/pages/shipping", "/de-de/pages/returns", "/ar-ae/pages/shipping"]) {
  const p = await b.newPage({ viewport: { width: 390, height: 844 } });
  const errors = [];
  p.on("console", (m) => m.type() === "error" && errors.push(m.text().slice(0, 60)));
  await p.goto("http://localhost:3104" + url);
  await p.waitForLoadState("networkidle");
  console.log(url, errors.length);
  await p.close();
}
await b.close();
