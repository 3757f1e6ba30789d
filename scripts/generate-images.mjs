#!/usr/bin/env node
/**
 * Generates the demo catalog artwork as small, dependency-free SVGs:
 *   public/images/products/<product-key>-<n>.svg   (800×800, one per colour/scent, or main + detail)
 *   public/images/collections/<collection-key>.svg (1200×600)
 * Deterministic: same input, byte-identical output. Usage: node scripts/generate-images.mjs
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

// Colour codes match the option value codes in db/seed/catalog-data/helpers.ts.
export const PALETTE = {
  celadon: "#9dbfa8", "moon-white": "#e9ebe4", tenmoku: "#3b2a22", "blue-white": "#f3f4f1", "sky-blue": "#8fb3d9",
  rose: "#d9a3a8", "zisha-purple": "#6b3f36", "zhuni-red": "#a4503a", "iron-black": "#2b2b2b", bronze: "#7a5c3a",
  natural: "#cdbb9c", oatmeal: "#dacdb5", sage: "#9fae94", indigo: "#2e3f63", rust: "#b0603f", charcoal: "#4a4a4d",
  white: "#f3f1ea", ink: "#23262e", plum: "#7d3b5a", champagne: "#e8d5b5",
  bamboo: "#d6b37a", "carbonised-bamboo": "#7f5430",
  sandalwood: "#c89a64", agarwood: "#5a3b2a", osmanthus: "#e0a53a", "white-tea": "#e6dcc0", cypress: "#7f9a78",
  "set-2": "#9dbfa8", "set-4": "#8fb3d9", lotus: "#f3f4f1", carp: "#f3f4f1",
  "tin-green": "#6f8f5a", "tin-sand": "#b9a98a",
};
const COBALT = "#2f55a4";
const WOOD = "#a87b4f";

/** [product key, shape, image colour codes]; one image per code, at least two (second = detail view). */
export const PRODUCTS = [
  ["celadon-kyusu-teapot", "kyusu", ["celadon"]],
  ["porcelain-gaiwan", "gaiwan", ["blue-white", "celadon"]],
  ["jun-glaze-teacup", "cup", ["sky-blue", "moon-white", "rose"]],
  ["porcelain-fair-cup", "pitcher", ["celadon", "moon-white"]],
  ["yixing-clay-teapot", "zisha", ["zisha-purple", "zhuni-red"]],
  ["bamboo-tea-tray", "tray", ["bamboo", "carbonised-bamboo"]],
  ["porcelain-tea-caddy", "caddy", ["blue-white", "celadon", "tenmoku"]],
  ["travel-tea-set", "travelset", ["celadon", "moon-white", "tenmoku"]],
  ["matcha-bowl-whisk-set", "chawan", ["moon-white", "celadon", "tenmoku"]],
  ["cast-iron-tetsubin-kettle", "kettle", ["iron-black", "bronze"]],
  ["west-lake-longjing-green-tea", "teatin", ["tin-green"]],
  ["fuding-white-peony-tea", "teatin", ["tin-sand"]],
  ["four-seasons-teacup-set", "cupset", ["set-2", "set-4"]],
  ["blue-white-rice-bowl", "bowl", ["lotus", "carp"]],
  ["everyday-porcelain-plate", "plate", ["celadon", "moon-white", "tenmoku"]],
  ["crackle-glaze-vase", "vase", ["celadon", "moon-white", "sky-blue"]],
  ["bud-vase-trio", "budvases", ["celadon", "rose", "sky-blue"]],
  ["porcelain-everyday-mug", "mug", ["moon-white", "celadon", "blue-white"]],
  ["blue-white-serving-platter", "platter", ["blue-white"]],
  ["deep-noodle-bowl", "noodlebowl", ["tenmoku", "celadon", "moon-white"]],
  ["chopstick-rest-set", "rests", ["celadon", "blue-white"]],
  ["sauce-dish-set", "dishes", ["celadon", "blue-white", "rose"]],
  ["four-piece-place-setting", "setting", ["moon-white", "celadon"]],
  ["lotus-leaf-incense-holder", "holder", ["celadon", "moon-white", "tenmoku"]],
  ["eggshell-porcelain-table-lamp", "lamp", ["moon-white"]],
  ["moon-jar", "moonjar", ["moon-white"]],
  ["stonewashed-linen-tablecloth", "tablecloth", ["natural", "sage", "indigo"]],
  ["linen-napkins-set-of-4", "napkins", ["natural", "rust", "charcoal"]],
  ["linen-duvet-cover", "bedding", ["white", "sage"]],
  ["linen-pillowcases-pair", "pillows", ["white", "oatmeal", "sage"]],
  ["striped-linen-tea-towels", "teatowel", ["natural", "indigo", "rust"]],
  ["waffle-linen-throw", "throw", ["oatmeal", "charcoal", "rust"]],
  ["linen-table-runner", "runner", ["natural", "indigo"]],
  ["linen-cushion-cover", "cushion", ["sage", "rust", "oatmeal"]],
  ["waffle-linen-towel", "towels", ["white", "oatmeal", "sage"]],
  ["hand-rolled-incense-sticks", "incense", ["sandalwood", "agarwood", "osmanthus"]],
  ["celadon-vessel-candle", "candle", ["white-tea", "osmanthus", "cypress"]],
  ["porcelain-reed-diffuser", "diffuser", ["white-tea", "agarwood", "osmanthus"]],
  ["cross-back-linen-apron", "apron", ["natural", "indigo", "rust"]],
  ["band-collar-linen-shirt", "shirt", ["white", "indigo"]],
  ["wide-leg-linen-trousers", "trousers", ["oatmeal", "charcoal"]],
  ["linen-smock-midi-dress", "dress", ["sage", "rust"]],
  ["linen-kimono-robe", "robe", ["oatmeal", "indigo", "sage"]],
  ["mulberry-silk-scarf", "scarf", ["ink", "plum", "celadon"]],
  ["silk-sleep-mask", "mask", ["champagne", "plum", "ink"]],
  ["silk-scrunchie-set", "scrunchies", ["champagne", "plum", "celadon"]],
  ["heavy-linen-tote", "tote", ["natural", "indigo", "charcoal"]],
  ["linen-bucket-hat", "hat", ["natural", "charcoal"]],
  ["silk-pocket-square", "pocketsq", ["plum", "celadon", "ink"]],
];

/** [collection key, background colour, three [shape, colour] vignettes]. */
export const COLLECTIONS = [
  ["tea-ware", "celadon", [["gaiwan", "blue-white"], ["kyusu", "celadon"], ["cup", "sky-blue"]]],
  ["ceramics", "sky-blue", [["bowl", "lotus"], ["vase", "celadon"], ["mug", "moon-white"]]],
  ["linen-home", "oatmeal", [["candle", "osmanthus"], ["bedding", "sage"], ["incense", "sandalwood"]]],
  ["apparel-accessories", "rose", [["tote", "natural"], ["shirt", "indigo"], ["scarf", "plum"]]],
  ["new-arrivals", "champagne", [["diffuser", "white-tea"], ["moonjar", "moon-white"], ["dress", "sage"]]],
];

// ---------------------------------------------------------------------------------------------
// Colour maths
// ---------------------------------------------------------------------------------------------

const rgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const hex = (a) => "#" + a.map((x) => Math.round(Math.max(0, Math.min(255, x))).toString(16).padStart(2, "0")).join("");
const mix = (a, b, t) => hex(rgb(a).map((x, i) => x + (rgb(b)[i] - x) * t));
const lum = (h) => { const [r, g, b] = rgb(h); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
const lighten = (c, t) => mix(c, "#ffffff", t);
const darken = (c, t) => mix(c, "#000000", t);

/** Paint context for one drawn object; `id` namespaces gradient ids inside one SVG. */
function paint(code, id, i = 0) {
  const c = PALETTE[code];
  const bw = code === "blue-white" || code === "lotus" || code === "carp";
  return {
    code, id, i, bw, c,
    l: lighten(c, 0.35), d: darken(c, 0.22), dd: darken(c, 0.45),
    deco: bw ? COBALT : darken(c, 0.3),
    b: `url(#${id}b)`, v: `url(#${id}v)`,
    defs:
      `<linearGradient id="${id}b"><stop offset="0" stop-color="${lighten(c, 0.4)}"/><stop offset=".5" stop-color="${c}"/><stop offset="1" stop-color="${darken(c, 0.25)}"/></linearGradient>` +
      `<linearGradient id="${id}v" x2="0" y2="1"><stop offset="0" stop-color="${lighten(c, 0.3)}"/><stop offset="1" stop-color="${darken(c, 0.12)}"/></linearGradient>`,
  };
}

// ---------------------------------------------------------------------------------------------
// Drawing primitives (800×800 space, objects stand on y≈615)
// ---------------------------------------------------------------------------------------------

/** Draws with a secondary paint whose gradients are emitted inline. */
const sub = (code, id, draw) => { const q = paint(code, id); return q.defs + draw(q); };
const shadow = (cx, cy, rx, ry = 26) => `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="url(#sh)"/>`;
const hi = (cx, cy, rx, ry, o = 0.28) => `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="#fff" opacity="${o}"/>`;
const E = (cx, cy, rx, ry, fill, extra = "") => `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${fill}"${extra}/>`;
const P = (d, fill, extra = "") => `<path d="${d}" fill="${fill}"${extra}/>`;
const S = (d, stroke, w, extra = "") => `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${w}" stroke-linecap="round"${extra}/>`;
const R = (x, y, w, h, rx, fill, extra = "") => `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${rx}" fill="${fill}"${extra}/>`;
const G = (t, body) => `<g transform="${t}">${body}</g>`;
const smoke = (x, y) => S(`M${x},${y} c-18,-30 22,-50 4,-85 c-14,-28 18,-46 6,-80`, "#fff", 5, ' opacity=".6"');

/** Cobalt decoration band for blue-and-white pieces. */
const bwBand = (x1, x2, y, p) => (p.bw ? S(`M${x1},${y} Q${(x1 + x2) / 2},${y + 14} ${x2},${y}`, COBALT, 5) : "");
const bwScroll = (cx, cy, s, p) =>
  p.bw
    ? G(`translate(${cx} ${cy}) scale(${s})`, S("M-60,0 c20,-30 40,-30 60,0 s40,30 60,0", COBALT, 6) + E(-30, -14, 10, 14, COBALT) + E(30, 14, 10, 14, COBALT) + E(0, 0, 8, 8, COBALT))
    : "";

function cupShape(cx, base, w, h, p) {
  const t = base - h;
  return (
    P(`M${cx - w},${t} L${cx - w * 0.72},${base - 10} Q${cx},${base + 8} ${cx + w * 0.72},${base - 10} L${cx + w},${t} Z`, p.b) +
    E(cx, t, w, w * 0.2, p.d) + E(cx, t + 3, w * 0.9, w * 0.15, p.l) +
    bwBand(cx - w * 0.92, cx + w * 0.92, t + h * 0.25, p) + hi(cx - w * 0.45, t + h * 0.45, w * 0.12, h * 0.25)
  );
}

function bottle(cx, base, w, h, p) {
  const t = base - h;
  return (
    P(`M${cx - w * 0.18},${t} L${cx + w * 0.18},${t} L${cx + w * 0.2},${t + h * 0.3} Q${cx + w},${t + h * 0.55} ${cx + w * 0.5},${base} L${cx - w * 0.5},${base} Q${cx - w},${t + h * 0.55} ${cx - w * 0.2},${t + h * 0.3} Z`, p.b) +
    E(cx, t, w * 0.2, w * 0.06, p.d) + hi(cx - w * 0.3, t + h * 0.62, w * 0.1, h * 0.14)
  );
}

function teapot(p, cx = 400, base = 600, s = 1) {
  return G(
    `translate(${cx} ${base}) scale(${s})`,
    P("M-130,-120 C-175,-135 -205,-175 -215,-205 L-200,-212 C-180,-180 -150,-160 -115,-150 Z", p.b) +
      R(120, -150, 130, 36, 18, p.d, ' transform="rotate(-18 120 -132)"') +
      E(0, -120, 145, 112, p.b) + E(0, -228, 82, 18, p.d) + P("M-70,-230 Q0,-290 70,-230 Z", p.v) + E(0, -268, 20, 14, p.d) +
      bwBand(-130, 130, -150, p) + hi(-60, -150, 32, 50),
  );
}

// ---------------------------------------------------------------------------------------------
// Shapes: each returns the SVG body for one object; p is the paint context
// ---------------------------------------------------------------------------------------------

const SHAPES = {
  kyusu: (p) => shadow(400, 610, 220) + teapot(p, 400, 610, 1.05),
  zisha: (p) =>
    shadow(400, 610, 220) +
    P("M265,520 C215,505 190,470 175,430 L192,424 C210,460 232,480 275,490 Z", p.b) +
    S("M540,470 C640,450 650,590 540,575", p.d, 26) +
    E(400, 530, 165, 85, p.b) + E(400, 452, 88, 16, p.d) + P("M318,452 Q400,400 482,452 Z", p.v) + E(400, 418, 18, 13, p.d) +
    hi(340, 500, 40, 26, 0.18),
  gaiwan: (p) =>
    shadow(400, 615, 210) + E(400, 590, 190, 34, p.v) + E(400, 584, 150, 22, p.d) +
    P("M255,440 Q262,575 400,580 Q538,575 545,440 Z", p.b) + bwBand(262, 538, 490, p) + bwScroll(400, 530, 0.8, p) +
    P("M262,446 Q400,330 538,446 Z", p.b) + E(400, 446, 140, 14, p.d) + E(400, 372, 26, 12, p.d) + bwBand(300, 500, 410, p) +
    hi(320, 500, 16, 40),
  cup: (p) => shadow(400, 615, 180) + cupShape(400, 610, 150, 190, p) + E(400, 612, 70, 10, p.d),
  cupset: (p) => {
    const codes = p.code === "set-2" ? ["celadon", "sky-blue"] : ["celadon", "sky-blue", "rose", "moon-white"];
    const step = codes.length === 2 ? 230 : 150;
    const x0 = 400 - (step * (codes.length - 1)) / 2;
    return shadow(400, 612, 90 + codes.length * 70) + codes.map((c, k) => {
      const q = paint(c, `${p.id}c${k}`);
      return q.defs + cupShape(x0 + k * step, 605, codes.length === 2 ? 105 : 72, codes.length === 2 ? 130 : 95, q);
    }).join("");
  },
  pitcher: (p) =>
    shadow(400, 612, 170) +
    P("M285,330 L252,300 L300,318 L500,318 Q515,470 480,590 Q400,615 320,590 Q285,470 285,330 Z", p.b) +
    E(400, 320, 100, 18, p.d) + E(400, 323, 90, 13, p.l) + hi(340, 450, 16, 70),
  tray: (p) =>
    shadow(400, 640, 330, 30) + P("M170,470 L630,470 L710,560 L90,560 Z", p.v) + R(90, 560, 620, 44, 6, p.d) +
    [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => S(`M${200 + k * 50},${480} L${150 + k * 62},${550}`, p.dd, 5, ' opacity=".5"')).join("") +
    sub("moon-white", p.id + "t", (q) => cupShape(330, 520, 48, 60, q) + cupShape(470, 520, 48, 60, q)),
  caddy: (p) =>
    shadow(400, 615, 150) + R(300, 340, 200, 270, 40, p.b) + E(400, 340, 100, 20, p.d) + P("M318,338 Q400,260 482,338 Z", p.v) +
    E(400, 292, 18, 12, p.d) + bwBand(305, 495, 380, p) + bwBand(305, 495, 570, p) + bwScroll(400, 470, 1, p) + hi(340, 470, 14, 80, 0.22),
  travelset: (p) =>
    shadow(400, 615, 280) + R(170, 380, 460, 230, 40, PALETTE.natural) + R(170, 380, 460, 40, 20, darken(PALETTE.natural, 0.12)) +
    S("M190,420 L610,420", darken(PALETTE.natural, 0.25), 3, ' stroke-dasharray="8 8"') +
    teapot(p, 330, 600, 0.6) + cupShape(500, 600, 50, 62, p) + cupShape(585, 600, 50, 62, p),
  chawan: (p) =>
    shadow(380, 615, 240) + P("M180,440 Q195,600 370,605 Q545,600 560,440 Z", p.b) + E(370, 440, 190, 40, p.d) + E(370, 446, 172, 32, p.l) +
    E(370, 452, 120, 18, "#9dc07c", ' opacity=".9"') + hi(260, 520, 18, 40) +
    G("translate(640 420)", R(-14, 0, 28, 120, 10, "#d8c08a") + P("M-50,0 Q0,-130 50,0 Z", "#e3cf9d") + [-30, -15, 0, 15, 30].map((x) => S(`M${x},-5 L${x * 0.3},-90`, "#b99a5f", 3)).join("")),
  kettle: (p) => {
    let dots = "";
    for (let r = 0; r < 5; r++) for (let k = 0; k < 9; k++) dots += E(285 + k * 29 + (r % 2) * 14, 430 + r * 30, 6, 6, p.l, ' opacity=".45"');
    return (
      shadow(400, 615, 220) + S("M275,410 Q400,170 525,410", p.dd, 16) + P("M255,470 C200,450 180,410 170,370 L188,364 C205,400 225,425 262,440 Z", p.b) +
      E(400, 490, 165, 120, p.b) + dots + E(400, 390, 80, 16, p.d) + E(400, 372, 22, 14, p.dd) + hi(330, 470, 30, 55, 0.16)
    );
  },
  teatin: (p) => {
    const leaf = (x, y, r) => E(x, y, 22, 8, "#7d9a55", ` transform="rotate(${r} ${x} ${y})"`);
    return (
      shadow(400, 615, 200) + R(300, 320, 200, 290, 14, p.b) + R(296, 300, 208, 58, 12, p.d) + R(300, 420, 200, 110, 0, p.l, ' opacity=".5"') +
      E(400, 475, 34, 34, p.d, ' opacity=".35"') + hi(330, 470, 10, 110, 0.22) +
      leaf(230, 600, 20) + leaf(265, 612, -30) + leaf(560, 604, 40) + leaf(600, 612, -10) + leaf(535, 616, 75)
    );
  },
  bowl: (p) => {
    const motif = p.code === "carp"
      ? P("M340,525 Q400,480 460,525 Q400,560 340,525 Z M460,525 L495,500 L490,550 Z", COBALT) + E(365, 520, 5, 5, "#fff")
      : P("M400,480 Q425,520 400,560 Q375,520 400,480 Z M400,560 Q350,545 340,505 Q380,515 400,560 Z M400,560 Q450,545 460,505 Q420,515 400,560 Z", COBALT);
    return shadow(400, 615, 200) + P("M220,430 Q235,598 400,605 Q565,598 580,430 Z", p.b) + R(345, 590, 110, 22, 8, p.d) +
      E(400, 430, 180, 36, p.d) + E(400, 434, 168, 29, p.l) + bwBand(230, 570, 455, p) + motif + bwBand(300, 500, 585, p) + hi(280, 500, 14, 40);
  },
  plate: (p) =>
    shadow(400, 560, 290, 40) + E(400, 520, 270, 112, p.d) + E(400, 512, 262, 104, p.v) + E(400, 520, 180, 68, p.d, ' opacity=".35"') +
    E(400, 518, 172, 62, p.l, ' opacity=".5"') + S("M190,470 Q260,430 330,420", "#fff", 8, ' opacity=".45"'),
  vase: (p) =>
    shadow(400, 615, 160) +
    P("M368,200 L432,200 L434,232 Q565,280 548,420 Q532,560 462,610 L338,610 Q268,560 252,420 Q235,280 366,232 Z", p.b) +
    E(400, 200, 32, 8, p.dd) +
    S("M300,330 l30,40 l-20,50 l35,45 M480,300 l-25,50 l30,40 l-15,60 M360,470 l40,30 l-10,60 M420,260 l20,40 l-30,30 M300,500 l40,-20", p.dd, 2, ' opacity=".55"') +
    hi(320, 400, 22, 80, 0.22),
  budvases: (p) =>
    shadow(400, 615, 220) + bottle(300, 610, 120, 220, p) + bottle(420, 610, 140, 300, p) + bottle(530, 610, 110, 170, p) +
    S("M420,312 Q410,230 440,170", "#6f8a55", 4) + E(446, 166, 12, 20, "#e8b8c0"),
  mug: (p) =>
    shadow(390, 615, 190) + S("M495,400 C600,395 600,540 495,535", p.d, 30) + R(290, 350, 210, 262, 22, p.b) +
    E(395, 352, 105, 20, p.d) + E(395, 355, 96, 15, p.l) + bwBand(295, 495, 400, p) + bwScroll(395, 480, 0.9, p) + hi(330, 470, 14, 90, 0.22),
  platter: (p) => {
    const waves = [...Array(12)].map((_, k) => {
      const a = (k / 12) * Math.PI * 2;
      return E(Math.round(400 + Math.cos(a) * 215), Math.round(510 + Math.sin(a) * 86), 18, 8, COBALT, ' opacity=".9"');
    }).join("");
    return shadow(400, 565, 310, 40) + E(400, 520, 290, 122, p.d) + E(400, 512, 282, 114, p.v) + E(400, 514, 190, 72, "none", ` stroke="${COBALT}" stroke-width="5"`) +
      waves + [0, 72, 144, 216, 288].map((r) => E(400, 480, 22, 46, COBALT, ` transform="rotate(${r} 400 514)" opacity=".85"`)).join("") + E(400, 514, 20, 18, lighten(COBALT, 0.3));
  },
  noodlebowl: (p) =>
    shadow(400, 615, 230) + P("M180,400 Q200,600 400,605 Q600,600 620,400 Z", p.b) + R(340, 590, 120, 24, 8, p.d) + E(400, 400, 220, 44, p.d) +
    E(400, 405, 206, 36, "#e9d8b0") + S("M250,400 q30,-20 60,0 t60,0 t60,0 t60,0 t60,0", "#d9c08a", 8) +
    R(230, 330, 420, 12, 6, WOOD, ' transform="rotate(-10 440 336)"') + R(240, 352, 420, 12, 6, darken(WOOD, 0.15), ' transform="rotate(-7 450 358)"') + hi(260, 490, 18, 50),
  rests: (p) =>
    shadow(400, 610, 260) + E(260, 580, 70, 28, p.b) + E(540, 580, 70, 28, p.b) + E(260, 570, 40, 8, p.d, ' opacity=".4"') + E(540, 570, 40, 8, p.d, ' opacity=".4"') +
    bwBand(215, 305, 585, p) + bwBand(495, 585, 585, p) +
    R(150, 545, 520, 13, 6, WOOD, ' transform="rotate(-3 410 552)"') + R(140, 528, 520, 13, 6, darken(WOOD, 0.18), ' transform="rotate(-2 400 535)"'),
  dishes: (p) => {
    const dish = (cx, cy, s) => G(`translate(${cx} ${cy}) scale(${s})`, [0, 60, 120, 180, 240, 300].map((r) => E(0, -62, 48, 40, p.b, ` transform="rotate(${r})"`)).join("") + E(0, 0, 70, 70, p.v) + E(0, 0, 50, 50, p.d, ' opacity=".25"') + (p.bw ? E(0, 0, 26, 26, "none", ` stroke="${COBALT}" stroke-width="6"`) : ""));
    return shadow(400, 600, 280) + G("scale(1 .55) translate(0 440)", dish(270, 500, 1) + dish(530, 500, 1) + dish(400, 660, 1.05));
  },
  setting: (p) =>
    shadow(400, 580, 300, 40) + E(400, 530, 280, 110, p.d) + E(400, 522, 272, 102, p.v) + E(400, 525, 200, 74, p.l, ' opacity=".4"') +
    P("M290,430 Q300,560 400,565 Q500,560 510,430 Z", p.b) + E(400, 430, 110, 24, p.d) + E(400, 433, 100, 18, p.l) + cupShape(640, 470, 45, 60, p),
  holder: (p) =>
    shadow(400, 600, 220) + P("M200,540 Q240,470 400,470 Q580,470 610,540 Q560,600 400,600 Q230,600 200,540 Z", p.b) +
    P("M580,520 Q640,470 610,540 Z", p.d) + E(400, 535, 150, 30, p.d, ' opacity=".3"') +
    S("M440,530 L350,260", "#6b4a33", 6) + E(351, 262, 5, 5, "#e8643a") + smoke(350, 255),
  lamp: (p) => {
    const glow = `<radialGradient id="gl"><stop offset="0" stop-color="#fff3c9"/><stop offset="1" stop-color="#fff3c9" stop-opacity="0"/></radialGradient>`;
    return glow + E(400, 330, 260, 220, "url(#gl)") + shadow(400, 615, 150) + R(330, 470, 140, 140, 20, "#6b4a33") + E(400, 470, 70, 14, "#80593d") +
      P("M250,470 Q260,200 400,190 Q540,200 550,470 Z", "#fbf4e2") + E(400, 470, 150, 18, "#efe2c2") + hi(320, 330, 30, 90, 0.5);
  },
  moonjar: (p) =>
    shadow(400, 615, 200) + R(330, 560, 140, 50, 14, p.d) + E(400, 410, 200, 190, p.b) + R(345, 200, 110, 40, 10, p.d) + E(400, 202, 55, 10, p.dd) +
    S("M210,410 Q400,430 590,405", p.d, 2, ' opacity=".4"') + hi(320, 340, 40, 80, 0.25),
  tablecloth: (p) => {
    const hem = [...Array(6)].map((_, k) => `Q${150 + k * 100},${640 + (k % 2) * 10} ${200 + k * 100},612`).join(" ");
    return shadow(400, 640, 320) + P("M170,360 L630,360 L700,430 L100,430 Z", p.l) +
      P("M100,430 L700,430 L700,612 L100,612 Z", p.v) + P(`M100,611 ${hem} Z`, p.v) +
      [190, 300, 410, 520, 630].map((x) => S(`M${x},440 L${x - 10},620`, p.d, 4, ' opacity=".45"')).join("") + S("M100,430 L700,430", p.d, 3);
  },
  napkins: (p) =>
    shadow(400, 615, 240) + [0, 1, 2].map((k) => P(`M${210 + k * 8},${560 - k * 52} L${560 + k * 8},${560 - k * 52} L${600 + k * 8},${610 - k * 52} L${170 + k * 8},${610 - k * 52} Z`, k % 2 ? p.b : p.v) + R(170 + k * 8, 610 - k * 52, 430, 10, 4, p.d)).join("") +
    P("M240,456 L560,456 L400,380 Z", p.l) + E(470, 470, 44, 20, "none", ` stroke="${WOOD}" stroke-width="10"`),
  bedding: (p) =>
    shadow(400, 620, 300) + [0, 1, 2].map((k) => R(130 + k * 12, 540 - k * 70, 540 - k * 24, 74, 34, k === 1 ? p.b : p.v) + S(`M${170 + k * 12},${577 - k * 70} L${630 - k * 12},${577 - k * 70}`, p.d, 3, ' opacity=".5"')).join("") +
    P("M230,395 Q400,340 570,395 Q600,420 570,430 Q400,450 230,430 Q200,420 230,395 Z", lighten(p.c, 0.2)),
  pillows: (p) => {
    const pil = (x, y, w, h, f) => P(`M${x},${y} Q${x + w / 2},${y + 18} ${x + w},${y} Q${x + w - 18},${y + h / 2} ${x + w},${y + h} Q${x + w / 2},${y + h - 18} ${x},${y + h} Q${x + 18},${y + h / 2} ${x},${y} Z`, f);
    return shadow(400, 615, 280) + pil(150, 330, 360, 240, p.v) + pil(300, 390, 360, 230, p.b) + S("M330,410 L640,410", p.d, 3, ' stroke-dasharray="8 8"');
  },
  teatowel: (p) => {
    const body = p.code === "natural" ? lighten(p.c, 0.25) : lighten(p.c, 0.82);
    return shadow(400, 640, 170, 20) + R(180, 180, 440, 22, 11, WOOD) + S("M400,200 Q400,160 420,150", WOOD, 6) + R(280, 195, 240, 410, 6, body) +
      R(280, 195, 240, 410, 6, "url(#" + p.id + "b)", ' opacity=".35"') + [0, 1].map((k) => R(280, 250 + k * 260, 240, 16, 0, p.d) + R(280, 276 + k * 260, 240, 6, 0, p.d)).join("") +
      S("M300,600 L500,600", darken(body, 0.2), 2, ' stroke-dasharray="4 6"');
  },
  throw: (p) =>
    shadow(400, 620, 280) + R(150, 430, 500, 180, 36, p.v) + R(160, 380, 480, 90, 34, p.b) + R(175, 330, 450, 80, 30, p.v) +
    [...Array(22)].map((_, k) => S(`M${185 + k * 20},608 l-3,24`, p.d, 5)).join("") + S("M170,520 L630,520", p.d, 3, ' opacity=".4"'),
  runner: (p) =>
    shadow(400, 600, 330, 50) + E(400, 520, 340, 110, "#e8dccb") + E(400, 524, 330, 100, "#f2e9dc") +
    P("M120,520 L600,420 L680,470 L200,570 Z", p.v) + S("M140,525 L610,428", p.d, 3, ' stroke-dasharray="6 8"') +
    [...Array(6)].map((_, k) => S(`M${120 + k * 14},${520 + k * 9} l-22,5`, p.d, 4) + S(`M${600 + k * 14},${420 + k * 9} l22,-5`, p.d, 4)).join(""),
  cushion: (p) =>
    shadow(400, 615, 230) + P("M240,300 Q400,275 560,300 Q585,450 560,600 Q400,625 240,600 Q215,450 240,300 Z", p.b) +
    P("M240,300 Q400,275 560,300 Q585,450 560,600 Q400,625 240,600 Q215,450 240,300 Z", "none", ` stroke="${p.d}" stroke-width="8"`) +
    S("M300,360 Q400,450 500,540", p.d, 3, ' opacity=".35"') + hi(330, 380, 50, 40, 0.18),
  towels: (p) => {
    const pat = `<pattern id="wf" width="18" height="18" patternUnits="userSpaceOnUse"><rect width="18" height="18" fill="none" stroke="${p.d}" stroke-width="2" opacity=".35"/></pattern>`;
    return pat + shadow(400, 620, 260) + [0, 1, 2].map((k) => R(180 + k * 10, 520 - k * 85, 440 - k * 20, 90, 30, p.v) + R(180 + k * 10, 520 - k * 85, 440 - k * 20, 90, 30, "url(#wf)")).join("");
  },
  incense: (p) =>
    shadow(400, 615, 250) + R(170, 520, 300, 80, 10, p.b) + R(170, 520, 300, 22, 10, p.d) + R(300, 520, 40, 80, 0, lighten(p.c, 0.4), ' opacity=".6"') +
    E(560, 590, 80, 18, PALETTE.celadon) + [0, 1, 2].map((k) => S(`M${545 + k * 15},585 L${520 + k * 30},${300 + k * 20}`, p.dd, 6) + smoke(520 + k * 30, 295 + k * 20)).join(""),
  candle: (p) => {
    const v = paint("celadon", p.id + "c");
    const fl = `<radialGradient id="fl"><stop offset="0" stop-color="#fff7d6"/><stop offset=".6" stop-color="#ffc861"/><stop offset="1" stop-color="#ff9a3d" stop-opacity="0"/></radialGradient>`;
    return v.defs + fl + E(400, 300, 140, 140, "url(#fl)", ' opacity=".35"') + shadow(400, 615, 170) + cupShape(400, 610, 150, 230, v) + E(400, 384, 132, 24, p.c) +
      S("M400,380 L400,352", "#333", 4) + P("M400,270 Q430,320 400,352 Q370,320 400,270 Z", "url(#fl)");
  },
  diffuser: (p) => {
    const w = paint("moon-white", p.id + "w");
    return w.defs + shadow(400, 615, 130) + [-60, -35, -12, 10, 34, 58].map((a) => S(`M400,320 L${400 + a * 3.4},${140 + Math.abs(a)}`, "#b99a6b", 5)).join("") +
      bottle(400, 610, 190, 300, w) + R(340, 470, 120, 30, 4, p.c) + R(340, 470, 120, 30, 4, p.d, ' opacity=".3"');
  },
  apron: (p) =>
    shadow(400, 630, 200, 20) + P("M320,200 L480,200 L490,340 Q560,360 580,610 L220,610 Q240,360 310,340 Z", p.v) +
    S("M320,205 L230,120 M480,205 L570,120", p.d, 12) + R(270, 430, 110, 90, 10, p.d, ' opacity=".35"') + R(420, 430, 110, 90, 10, p.d, ' opacity=".35"') +
    S("M230,605 L570,605", p.dd, 3, ' stroke-dasharray="6 6" opacity=".6"'),
  shirt: (p) =>
    shadow(400, 640, 220, 20) +
    P("M330,170 L470,170 L600,220 L660,420 L590,440 L560,330 L565,630 L235,630 L240,330 L210,440 L140,420 L200,220 Z", p.v) +
    R(360, 150, 80, 30, 10, p.d) + S("M400,180 L400,625", p.d, 4) + [230, 310, 390, 470, 550].map((y) => E(412, y, 6, 6, "#fbfaf4")).join("") +
    S("M240,330 L250,230 M560,330 L550,230", p.d, 3, ' opacity=".4"'),
  trousers: (p) =>
    shadow(400, 640, 220, 20) + P("M270,170 L530,170 L600,630 L430,630 L400,320 L370,630 L200,630 Z", p.v) + R(268, 160, 264, 40, 8, p.d) +
    S("M400,200 L400,320", p.dd, 3) + S("M300,210 Q320,260 330,250 M500,210 Q480,260 470,250", p.dd, 3, ' opacity=".5"'),
  dress: (p) =>
    shadow(400, 650, 220, 20) + S("M330,230 L320,130 M470,230 L480,130", p.d, 8) +
    P("M320,230 L480,230 L490,330 Q600,520 630,640 L170,640 Q200,520 310,330 Z", p.v) + R(310, 320, 180, 18, 4, p.d, ' opacity=".5"') +
    [250, 330, 400, 470, 550].map((x) => S(`M${(x + 400) / 2},345 L${x},630`, p.d, 3, ' opacity=".35"')).join(""),
  robe: (p) =>
    shadow(400, 650, 230, 20) + P("M310,150 L490,150 L680,260 L640,390 L540,340 L560,640 L240,640 L260,340 L160,390 L120,260 Z", p.v) +
    P("M340,150 L460,150 L400,330 Z", p.dd, ' opacity=".35"') + S("M340,152 L420,420 L430,640", p.d, 5) + R(245, 400, 310, 30, 8, p.d) +
    S("M300,430 L280,520 M320,430 L330,530", p.d, 10),
  scarf: (p) =>
    shadow(400, 640, 230, 22) + P("M400,150 L650,400 L400,650 L150,400 Z", p.v) + P("M400,185 L615,400 L400,615 L185,400 Z", "none", ` stroke="${p.l}" stroke-width="6"`) +
    P("M215,430 L300,330 L360,390 L430,300 L560,430 L400,590 Z", lighten(p.c, 0.45), ' opacity=".55"') + P("M260,450 L330,390 L400,450 L470,380 L540,450 L400,560 Z", lighten(p.c, 0.7), ' opacity=".5"') +
    E(470, 260, 26, 26, lighten(p.c, 0.6), ' opacity=".6"'),
  mask: (p) =>
    shadow(400, 600, 250) + S("M190,400 Q400,260 610,400", p.d, 14) +
    P("M180,420 Q200,330 320,340 Q380,345 400,380 Q420,345 480,340 Q600,330 620,420 Q610,520 480,515 Q430,512 400,470 Q370,512 320,515 Q190,520 180,420 Z", p.b) +
    S("M200,420 Q210,360 320,360 Q390,365 400,400 Q410,365 480,360 Q590,360 600,420", p.l, 3, ' opacity=".6"'),
  scrunchies: (p) => {
    const ring = (cx, cy, r, f) => {
      let d = "";
      for (let k = 0; k < 16; k++) {
        const a1 = (k / 16) * Math.PI * 2, a2 = ((k + 0.5) / 16) * Math.PI * 2, a3 = ((k + 1) / 16) * Math.PI * 2;
        const pt = (a, rr) => `${Math.round(cx + Math.cos(a) * rr)},${Math.round(cy + Math.sin(a) * rr * 0.6)}`;
        d += (k ? "" : `M${pt(a1, r)} `) + `Q${pt(a2, r * 1.2)} ${pt(a3, r)} `;
      }
      return P(d + "Z", f) + E(cx, cy, r * 0.45, r * 0.27, "url(#bg)");
    };
    return shadow(400, 610, 260) + ring(290, 540, 110, p.d) + ring(520, 545, 110, p.b) + ring(400, 470, 115, p.v);
  },
  tote: (p) =>
    shadow(400, 635, 210, 20) + S("M300,320 Q300,170 360,170 L370,170 Q420,170 420,320", p.d, 18) + S("M380,320 Q380,170 440,170 L450,170 Q500,170 500,320", p.dd, 18) +
    P("M230,300 L570,300 L590,620 L210,620 Z", p.v) + S("M240,340 L560,340", p.d, 3, ' stroke-dasharray="8 7"') + hi(300, 460, 20, 100, 0.15),
  hat: (p) =>
    shadow(400, 600, 260) + P("M130,520 Q400,440 670,520 Q660,580 400,585 Q140,580 130,520 Z", p.d) +
    P("M270,500 L295,330 Q400,300 505,330 L530,500 Q400,520 270,500 Z", p.v) + S("M290,350 Q400,325 510,350 M282,420 Q400,400 518,420", p.dd, 2, ' stroke-dasharray="6 6" opacity=".6"') +
    S("M170,530 Q400,470 630,530", p.dd, 2, ' stroke-dasharray="6 6" opacity=".5"'),
  pocketsq: (p) =>
    shadow(400, 600, 220) + P("M250,560 L310,330 L370,470 L420,290 L470,460 L550,350 L560,560 Z", p.b) + R(220, 500, 360, 100, 12, darken(PALETTE.charcoal, 0.2)) +
    S("M230,505 L570,505", "#777", 3, ' stroke-dasharray="6 6"') + [[330, 420], [420, 360], [500, 440]].map(([x, y]) => E(x, y, 9, 9, lighten(p.c, 0.6))).join(""),
};

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

const SHADOW_DEF = `<radialGradient id="sh"><stop offset="0" stop-color="#2b2118" stop-opacity=".32"/><stop offset="1" stop-color="#2b2118" stop-opacity="0"/></radialGradient>`;

function background(code, alt) {
  const c = PALETTE[code];
  const light = lum(c) > 0.78;
  const top = light ? mix(c, "#d8d2c8", 0.7) : mix(c, "#fbf8f3", alt ? 0.78 : 0.86);
  const bottom = light ? mix(c, "#c9c0b2", 0.6) : mix(c, "#ece4d7", alt ? 0.66 : 0.74);
  return `<linearGradient id="bg" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>`;
}

export function productSvg(shape, code, index, detail) {
  const p = paint(code, "p", index);
  const body = SHAPES[shape](p);
  const scene = detail ? G("translate(400 430) scale(1.6) translate(-400 -430)", body) : G("translate(400 520) scale(1.17) translate(-400 -520)", body);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 800" width="800" height="800">` +
    `<defs>${background(code, detail)}${SHADOW_DEF}${p.defs}</defs>` +
    `<rect width="800" height="800" fill="url(#bg)"/>` +
    E(detail ? 160 : 640, 150, 120, 120, "#fff", ' opacity=".22"') +
    `<rect y="620" width="800" height="180" fill="#fff" opacity=".12"/>` +
    scene +
    `</svg>\n`
  );
}

export function collectionSvg(bgCode, items) {
  let defs = "";
  let body = "";
  items.forEach(([shape, code], k) => {
    const p = paint(code, `k${k}`, 0);
    defs += p.defs;
    body += G(`translate(${-30 + k * 350} 86) scale(.7)`, SHAPES[shape](p));
  });
  const c = PALETTE[bgCode];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 600" width="1200" height="600">` +
    `<defs><linearGradient id="bg" x2="1" y2="1"><stop offset="0" stop-color="${mix(c, "#fbf8f3", 0.82)}"/><stop offset="1" stop-color="${mix(c, "#e9e0d2", 0.62)}"/></linearGradient>${SHADOW_DEF}${defs}</defs>` +
    `<rect width="1200" height="600" fill="url(#bg)"/>` +
    E(1010, 120, 150, 150, "#fff", ' opacity=".25"') + `<rect y="450" width="1200" height="150" fill="#fff" opacity=".12"/>` +
    body +
    `</svg>\n`
  );
}

export function imageCount(colors) {
  return Math.min(3, Math.max(2, colors.length));
}

function main() {
  const prodDir = join(ROOT, "public/images/products");
  const colDir = join(ROOT, "public/images/collections");
  mkdirSync(prodDir, { recursive: true });
  mkdirSync(colDir, { recursive: true });
  let n = 0;
  let largest = 0;
  for (const [key, shape, colors] of PRODUCTS) {
    if (!SHAPES[shape]) throw new Error(`unknown shape ${shape}`);
    for (let i = 0; i < imageCount(colors); i++) {
      const svg = productSvg(shape, colors[i] ?? colors[0], i, i >= colors.length);
      largest = Math.max(largest, svg.length);
      writeFileSync(join(prodDir, `${key}-${i + 1}.svg`), svg);
      n++;
    }
  }
  for (const [key, bg, items] of COLLECTIONS) {
    const svg = collectionSvg(bg, items);
    largest = Math.max(largest, svg.length);
    writeFileSync(join(colDir, `${key}.svg`), svg);
    n++;
  }
  console.log(`wrote ${n} SVGs (largest ${(largest / 1024).toFixed(1)} KB)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
