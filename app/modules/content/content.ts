/** The store's pages, by slug. Other code links to these paths (footer, "zzgl. Versand"). */
const PAGE_SLUGS = ["shipping", "returns", "privacy", "terms", "contact", "legal-notice"] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

export function isPageSlug(s: string): s is PageSlug {
  return (PAGE_SLUGS as readonly string[]).includes(s);
}

export type Block = { kind: "heading"; text: string } | { kind: "paragraph"; lines: string[] } | { kind: "list"; items: string[] };

/**
 * A page body is plain text a merchant can edit without HTML: blocks separated by blank lines,
 * "## " starts a heading, "- " a list item; other lines are paragraph lines (line breaks kept, as in
 * an address). Plain text means no markup from the database is ever rendered as HTML.
 */
export function parseBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    const lines = chunk.split("\n").map((l) => l.trim()).filter(Boolean);
    let para: string[] = [];
    let list: string[] = [];
    const flush = () => {
      if (para.length) blocks.push({ kind: "paragraph", lines: para });
      if (list.length) blocks.push({ kind: "list", items: list });
      para = [];
      list = [];
    };
    for (const line of lines) {
      if (line.startsWith("## ")) {
        flush();
        blocks.push({ kind: "heading", text: line.slice(3).trim() });
      } else if (line.startsWith("- ")) {
        if (para.length) flush();
        list.push(line.slice(2).trim());
      } else {
        if (list.length) flush();
        para.push(line);
      }
    }
    flush();
  }
  return blocks;
}
