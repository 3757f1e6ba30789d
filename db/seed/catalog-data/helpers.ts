/**
 * Building blocks for the Kiln & Loom demo catalog: localized option dictionaries, a price table
 * derived with charm endings, a deterministic stock generator and the product builder that turns a
 * compact spec into a full ProductInput. Everything here is pure and deterministic.
 */
import type { Lang, Localized, PriceMap, OptionInput, ProductInput, VariantInput } from "~/modules/catalog/catalog-input";

const LANGS: readonly Lang[] = ["en", "fr", "de", "es", "ja", "pt", "ar"];

/** Localized string in the fixed order en, fr, de, es, ja, pt, ar. */
function L(en: string, fr: string, de: string, es: string, ja: string, pt: string, ar: string): Localized {
  return { en, fr, de, es, ja, pt, ar };
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface ValueDef {
  code: string;
  /** SKU fragment */
  abbr: string;
  labels: Localized;
  swatch?: string;
}

export interface OptionDef {
  code: string;
  names: Localized;
  values: ValueDef[];
}

const v = (code: string, abbr: string, labels: Localized, swatch?: string): ValueDef => ({ code, abbr, labels, swatch });

const NAMES = {
  color: L("Color", "Couleur", "Farbe", "Color", "カラー", "Cor", "اللون"),
  size: L("Size", "Taille", "Größe", "Talla", "サイズ", "Tamanho", "المقاس"),
  dimension: L("Size", "Format", "Größe", "Tamaño", "サイズ", "Tamanho", "الحجم"),
  capacity: L("Capacity", "Contenance", "Fassungsvermögen", "Capacidad", "容量", "Capacidade", "السعة"),
  diameter: L("Diameter", "Diamètre", "Durchmesser", "Diámetro", "直径", "Diâmetro", "القطر"),
  length: L("Length", "Longueur", "Länge", "Longitud", "長さ", "Comprimento", "الطول"),
  weight: L("Weight", "Poids", "Gewicht", "Peso", "内容量", "Peso", "الوزن"),
  set: L("Set", "Lot", "Set", "Juego", "セット", "Conjunto", "الطقم"),
  scent: L("Scent", "Parfum", "Duft", "Aroma", "香り", "Fragrância", "العطر"),
  pattern: L("Pattern", "Motif", "Muster", "Motivo", "柄", "Padrão", "النقش"),
  material: L("Material", "Matière", "Material", "Material", "素材", "Material", "الخامة"),
} as const;

const COLORS = {
  celadon: v("celadon", "CEL", L("Celadon", "Céladon", "Seladon", "Celadón", "青磁", "Celadon", "أخضر سيلادون"), "#9dbfa8"),
  "moon-white": v("moon-white", "MWH", L("Moon White", "Blanc lune", "Mondweiß", "Blanco luna", "月白", "Branco-lua", "أبيض قمري"), "#e9ebe4"),
  tenmoku: v("tenmoku", "TEN", L("Tenmoku Black", "Noir tenmoku", "Tenmoku-Schwarz", "Negro tenmoku", "天目", "Preto tenmoku", "أسود تينموكو"), "#3b2a22"),
  "blue-white": v("blue-white", "BLW", L("Blue & White", "Bleu et blanc", "Blau-Weiß", "Azul y blanco", "染付", "Azul e branco", "أزرق وأبيض"), "#2f55a4"),
  "sky-blue": v("sky-blue", "SKY", L("Jun Sky Blue", "Bleu ciel Jun", "Jun-Himmelblau", "Azul cielo Jun", "天青", "Azul-céu Jun", "أزرق سماوي"), "#8fb3d9"),
  rose: v("rose", "ROS", L("Rose", "Rose", "Rosé", "Rosa", "薄紅", "Rosa", "وردي"), "#d9a3a8"),
  "zisha-purple": v("zisha-purple", "ZIS", L("Purple Clay", "Argile pourpre", "Violetter Ton", "Arcilla púrpura", "紫泥", "Argila roxa", "طين أرجواني"), "#6b3f36"),
  "zhuni-red": v("zhuni-red", "ZHU", L("Red Clay", "Argile rouge", "Roter Ton", "Arcilla roja", "朱泥", "Argila vermelha", "طين أحمر"), "#a4503a"),
  "iron-black": v("iron-black", "IRB", L("Iron Black", "Noir fonte", "Eisenschwarz", "Negro hierro", "鉄黒", "Preto ferro", "أسود حديدي"), "#2b2b2b"),
  bronze: v("bronze", "BRZ", L("Bronze", "Bronze", "Bronze", "Bronce", "ブロンズ", "Bronze", "برونزي"), "#7a5c3a"),
  natural: v("natural", "NAT", L("Natural", "Naturel", "Natur", "Natural", "生成り", "Natural", "طبيعي"), "#cdbb9c"),
  oatmeal: v("oatmeal", "OAT", L("Oatmeal", "Avoine", "Hafer", "Avena", "オートミール", "Aveia", "شوفاني"), "#dacdb5"),
  sage: v("sage", "SAG", L("Sage", "Sauge", "Salbei", "Salvia", "セージ", "Sálvia", "أخضر مريمي"), "#9fae94"),
  indigo: v("indigo", "IND", L("Indigo", "Indigo", "Indigo", "Índigo", "藍", "Índigo", "نيلي"), "#2e3f63"),
  rust: v("rust", "RST", L("Rust", "Rouille", "Rost", "Óxido", "錆朱", "Ferrugem", "صدئي"), "#b0603f"),
  charcoal: v("charcoal", "CHA", L("Charcoal", "Anthracite", "Anthrazit", "Carbón", "チャコール", "Carvão", "فحمي"), "#4a4a4d"),
  white: v("white", "WHT", L("White", "Blanc", "Weiß", "Blanco", "ホワイト", "Branco", "أبيض"), "#f3f1ea"),
  ink: v("ink", "INK", L("Ink Black", "Noir d'encre", "Tintenschwarz", "Negro tinta", "墨色", "Preto tinta", "أسود حبري"), "#23262e"),
  plum: v("plum", "PLM", L("Plum", "Prune", "Pflaume", "Ciruela", "プラム", "Ameixa", "برقوقي"), "#7d3b5a"),
  champagne: v("champagne", "CHP", L("Champagne", "Champagne", "Champagner", "Champán", "シャンパン", "Champanhe", "شمبانيا"), "#e8d5b5"),
} satisfies Record<string, ValueDef>;
export type ColorCode = keyof typeof COLORS;

const SCENTS = {
  sandalwood: v("sandalwood", "SDW", L("Sandalwood", "Santal", "Sandelholz", "Sándalo", "白檀", "Sândalo", "خشب الصندل")),
  agarwood: v("agarwood", "AGW", L("Agarwood", "Bois d'agar", "Adlerholz", "Madera de agar", "沈香", "Pau-de-águila", "العود")),
  osmanthus: v("osmanthus", "OSM", L("Osmanthus", "Osmanthe", "Duftblüte", "Osmanto", "金木犀", "Osmanto", "الأوسمانثوس")),
  "white-tea": v("white-tea", "WTE", L("White Tea", "Thé blanc", "Weißer Tee", "Té blanco", "白茶", "Chá branco", "الشاي الأبيض")),
  cypress: v("cypress", "CYP", L("Cypress", "Cyprès", "Zypresse", "Ciprés", "ヒノキ", "Cipreste", "السرو")),
} satisfies Record<string, ValueDef>;

const PATTERNS = {
  lotus: v("lotus", "LOT", L("Lotus", "Lotus", "Lotus", "Loto", "蓮", "Lótus", "اللوتس")),
  carp: v("carp", "CRP", L("Carp", "Carpe", "Karpfen", "Carpa", "鯉", "Carpa", "الشبوط")),
} satisfies Record<string, ValueDef>;

const MATERIALS = {
  bamboo: v("bamboo", "BAM", L("Natural bamboo", "Bambou naturel", "Naturbambus", "Bambú natural", "白竹", "Bambu natural", "خيزران طبيعي"), "#d6b37a"),
  "carbonised-bamboo": v("carbonised-bamboo", "CBB", L("Carbonised bamboo", "Bambou carbonisé", "Karbonisierter Bambus", "Bambú carbonizado", "炭化竹", "Bambu carbonizado", "خيزران مُكربن"), "#7f5430"),
} satisfies Record<string, ValueDef>;

const DIMS = {
  small: v("small", "SM", L("Small", "Petit", "Klein", "Pequeño", "小", "Pequeno", "صغير")),
  medium: v("medium", "MD", L("Medium", "Moyen", "Mittel", "Mediano", "中", "Médio", "متوسط")),
  large: v("large", "LG", L("Large", "Grand", "Groß", "Grande", "大", "Grande", "كبير")),
  "2-seat": v("2-seat", "2P", L("2 seats · 140 × 140 cm", "2 couverts · 140 × 140 cm", "2 Personen · 140 × 140 cm", "2 comensales · 140 × 140 cm", "2人用・140×140cm", "2 lugares · 140 × 140 cm", "لشخصين · 140 × 140 سم")),
  "4-seat": v("4-seat", "4P", L("4 seats · 140 × 200 cm", "4 couverts · 140 × 200 cm", "4 Personen · 140 × 200 cm", "4 comensales · 140 × 200 cm", "4人用・140×200cm", "4 lugares · 140 × 200 cm", "لأربعة أشخاص · 140 × 200 سم")),
  double: v("double", "DBL", L("Double", "Double", "Doppelbett", "Doble", "ダブル", "Casal", "مزدوج")),
  queen: v("queen", "QN", L("Queen", "Queen", "Queen", "Queen", "クイーン", "Queen", "كوين")),
  king: v("king", "KG", L("King", "King", "King", "King", "キング", "King", "كينغ")),
  hand: v("hand", "HND", L("Hand towel", "Essuie-mains", "Handtuch", "Toalla de manos", "フェイスタオル", "Toalha de rosto", "منشفة يد")),
  bath: v("bath", "BTH", L("Bath towel", "Drap de bain", "Badetuch", "Toalla de baño", "バスタオル", "Toalha de banho", "منشفة حمام")),
  "45cm": v("45cm", "45", L("45 × 45 cm", "45 × 45 cm", "45 × 45 cm", "45 × 45 cm", "45×45cm", "45 × 45 cm", "45 × 45 سم")),
  "50cm": v("50cm", "50", L("50 × 50 cm", "50 × 50 cm", "50 × 50 cm", "50 × 50 cm", "50×50cm", "50 × 50 cm", "50 × 50 سم")),
} satisfies Record<string, ValueDef>;

const APPAREL = {
  s: v("s", "S", L("S", "S", "S", "S", "S", "P", "S")),
  m: v("m", "M", L("M", "M", "M", "M", "M", "M", "M")),
  l: v("l", "L", L("L", "L", "L", "L", "L", "G", "L")),
  xl: v("xl", "XL", L("XL", "XL", "XL", "XL", "XL", "GG", "XL")),
  "s-m": v("s-m", "SM", L("S/M", "S/M", "S/M", "S/M", "S/M", "P/M", "S/M")),
  "l-xl": v("l-xl", "LXL", L("L/XL", "L/XL", "L/XL", "L/XL", "L/XL", "G/GG", "L/XL")),
} satisfies Record<string, ValueDef>;

const unit = (n: number, u: "ml" | "cm" | "g", ar: string): Localized =>
  L(`${n} ${u}`, `${n} ${u}`, `${n} ${u}`, `${n} ${u}`, `${n}${u}`, `${n} ${u}`, `${n} ${ar}`);

export const opt = {
  color: (...codes: ColorCode[]): OptionDef => ({ code: "color", names: NAMES.color, values: codes.map((c) => COLORS[c]) }),
  scent: (...codes: (keyof typeof SCENTS)[]): OptionDef => ({ code: "scent", names: NAMES.scent, values: codes.map((c) => SCENTS[c]) }),
  pattern: (...codes: (keyof typeof PATTERNS)[]): OptionDef => ({ code: "pattern", names: NAMES.pattern, values: codes.map((c) => PATTERNS[c]) }),
  material: (...codes: (keyof typeof MATERIALS)[]): OptionDef => ({ code: "material", names: NAMES.material, values: codes.map((c) => MATERIALS[c]) }),
  dimension: (...codes: (keyof typeof DIMS)[]): OptionDef => ({ code: "size", names: NAMES.dimension, values: codes.map((c) => DIMS[c]) }),
  apparel: (...codes: (keyof typeof APPAREL)[]): OptionDef => ({ code: "size", names: NAMES.size, values: codes.map((c) => APPAREL[c]) }),
  capacity: (...ml: number[]): OptionDef => ({ code: "capacity", names: NAMES.capacity, values: ml.map((n) => v(`${n}ml`, `${n}`, unit(n, "ml", "مل"))) }),
  diameter: (...cm: number[]): OptionDef => ({
    code: "diameter",
    names: NAMES.diameter,
    values: cm.map((n) => v(`${n}cm`, `${n}`, L(`Ø ${n} cm`, `Ø ${n} cm`, `Ø ${n} cm`, `Ø ${n} cm`, `直径${n}cm`, `Ø ${n} cm`, `${n} سم`))),
  }),
  length: (...cm: number[]): OptionDef => ({ code: "length", names: NAMES.length, values: cm.map((n) => v(`${n}cm`, `${n}`, unit(n, "cm", "سم"))) }),
  weight: (...g: number[]): OptionDef => ({ code: "weight", names: NAMES.weight, values: g.map((n) => v(`${n}g`, `${n}G`, unit(n, "g", "غ"))) }),
  set: (...n: number[]): OptionDef => ({
    code: "set",
    names: NAMES.set,
    values: n.map((k) => v(`set-${k}`, `X${k}`, L(`Set of ${k}`, `Lot de ${k}`, `${k}er-Set`, `Juego de ${k}`, `${k}客セット`, `Conjunto de ${k}`, `طقم من ${k}`))),
  }),
};

// ---------------------------------------------------------------------------------------------
// Care sentences (appended to every description)
// ---------------------------------------------------------------------------------------------

export const CARE = {
  porcelain: L(
    "Dishwasher and microwave safe, though hand washing keeps the glaze at its brightest.",
    "Compatible lave-vaisselle et micro-ondes ; un lavage à la main préserve l’éclat de l’émail.",
    "Spülmaschinen- und mikrowellengeeignet; Handwäsche erhält den Glanz der Glasur am längsten.",
    "Apto para lavavajillas y microondas, aunque el lavado a mano conserva mejor el brillo del esmalte.",
    "食洗機・電子レンジ対応。手洗いいただくと釉の艶が長持ちします。",
    "Pode ir à lava-louças e ao micro-ondas, mas lavar à mão preserva o brilho do esmalte.",
    "آمن للاستخدام في غسالة الصحون والميكروويف، لكن الغسل اليدوي يحافظ على لمعان الطلاء الزجاجي.",
  ),
  teapot: L(
    "Rinse with hot water after each use and let it air-dry with the lid off; no detergent needed.",
    "Rincez à l’eau chaude après chaque usage et laissez sécher couvercle ouvert, sans détergent.",
    "Nach jedem Gebrauch heiß ausspülen und mit abgenommenem Deckel trocknen lassen – ganz ohne Spülmittel.",
    "Enjuágala con agua caliente después de cada uso y déjala secar sin tapa; no necesita detergente.",
    "使用後はお湯ですすぎ、蓋を外して自然乾燥させてください。洗剤は不要です。",
    "Enxágue com água quente após cada uso e deixe secar sem a tampa; não precisa de detergente.",
    "اشطفه بالماء الساخن بعد كل استخدام واتركه يجف في الهواء دون غطاء، ولا حاجة إلى المنظفات.",
  ),
  clay: L(
    "Rinse with hot water only, never soap, so the unglazed clay seasons a little more with every brew.",
    "Rincez uniquement à l’eau chaude, jamais au savon, pour que l’argile non émaillée se culotte au fil des infusions.",
    "Nur mit heißem Wasser ausspülen, niemals mit Spülmittel, damit der unglasierte Ton mit jedem Aufguss reift.",
    "Enjuágala solo con agua caliente, nunca con jabón, para que la arcilla sin esmaltar se cure con cada infusión.",
    "洗剤は使わずお湯だけですすいでください。無釉の土が淹れるたびに育っていきます。",
    "Enxágue apenas com água quente, nunca com sabão, para que o barro sem esmalte ganhe pátina a cada infusão.",
    "اشطفه بالماء الساخن فقط ودون صابون، ليكتسب الطين غير المطلي نكهة أعمق مع كل تحضير.",
  ),
  vase: L(
    "Fully glazed inside so it holds water; wipe clean with a soft damp cloth.",
    "Entièrement émaillé à l’intérieur pour contenir l’eau ; nettoyez avec un chiffon doux et humide.",
    "Innen vollständig glasiert und daher wasserdicht; mit einem weichen, feuchten Tuch abwischen.",
    "Esmaltado por dentro para contener agua; límpialo con un paño suave y húmedo.",
    "内側まで施釉しているので水を入れられます。柔らかい湿った布で拭いてください。",
    "Totalmente esmaltado por dentro para conter água; limpe com um pano macio e úmido.",
    "مطلي بالكامل من الداخل ليحتفظ بالماء، ويُنظَّف بقطعة قماش ناعمة ورطبة.",
  ),
  linen: L(
    "Machine wash at 40 °C on a gentle cycle and line dry; the linen grows softer with every wash.",
    "Lavage en machine à 40 °C, cycle délicat, séchage à l’air libre ; le lin s’assouplit à chaque lavage.",
    "Maschinenwäsche bei 40 °C im Schonwaschgang, an der Leine trocknen; das Leinen wird mit jeder Wäsche weicher.",
    "Lavar a máquina a 40 °C en ciclo delicado y secar al aire; el lino se vuelve más suave con cada lavado.",
    "40℃の弱水流で洗濯機洗いし、陰干ししてください。リネンは洗うほどに柔らかくなります。",
    "Lavar na máquina a 40 °C em ciclo delicado e secar ao ar; o linho fica mais macio a cada lavagem.",
    "يُغسل في الغسالة على 40 درجة مئوية بدورة لطيفة ويُجفف في الهواء، ويزداد الكتان نعومة مع كل غسلة.",
  ),
  silk: L(
    "Hand wash cold with a mild silk detergent and dry flat away from direct sunlight.",
    "Lavage à la main à froid avec une lessive douce pour soie, séchage à plat à l’abri du soleil.",
    "Kalt von Hand mit mildem Seidenwaschmittel waschen und liegend, ohne direkte Sonne, trocknen.",
    "Lavar a mano en frío con detergente suave para seda y secar en plano lejos del sol directo.",
    "シルク用の中性洗剤で押し洗いし、直射日光を避けて平干ししてください。",
    "Lavar à mão em água fria com detergente suave para seda e secar na horizontal, longe do sol direto.",
    "يُغسل يدويًا بالماء البارد بمنظف لطيف للحرير ويُجفف مسطحًا بعيدًا عن أشعة الشمس المباشرة.",
  ),
  handwash: L(
    "Hand wash in cool water, reshape while damp and dry flat.",
    "Lavage à la main à l’eau froide ; remettre en forme encore humide et sécher à plat.",
    "Von Hand in kühlem Wasser waschen, feucht in Form ziehen und liegend trocknen.",
    "Lavar a mano en agua fría, dar forma en húmedo y secar en plano.",
    "冷水で手洗いし、湿っているうちに形を整えて平干ししてください。",
    "Lave à mão em água fria, modele ainda úmido e seque na horizontal.",
    "يُغسل يدويًا بالماء البارد ويُعاد تشكيله وهو رطب ثم يُجفف مسطحًا.",
  ),
  bamboo: L(
    "Wipe with a damp cloth and dry thoroughly; do not soak or put it in the dishwasher.",
    "Essuyez avec un chiffon humide et séchez soigneusement ; ne pas faire tremper ni passer au lave-vaisselle.",
    "Mit einem feuchten Tuch abwischen und gut trocknen; nicht einweichen und nicht in die Spülmaschine geben.",
    "Límpiala con un paño húmedo y sécala bien; no la dejes en remojo ni la metas en el lavavajillas.",
    "湿らせた布で拭き、よく乾かしてください。浸け置きや食洗機はお避けください。",
    "Limpe com um pano úmido e seque bem; não deixe de molho nem coloque na lava-louças.",
    "امسحها بقطعة قماش رطبة وجففها جيدًا، ولا تنقعها في الماء أو تضعها في غسالة الصحون.",
  ),
  tea: L(
    "Store airtight in a cool, dry place away from strong odours and enjoy within twelve months.",
    "Conservez à l’abri de l’air, au frais et au sec, loin des odeurs fortes, et dégustez sous douze mois.",
    "Luftdicht, kühl und trocken lagern, fern von starken Gerüchen, und innerhalb von zwölf Monaten genießen.",
    "Consérvalo hermético, en un lugar fresco y seco, lejos de olores fuertes, y disfrútalo antes de doce meses.",
    "高温多湿と強い匂いを避けて密閉保存し、12か月以内にお楽しみください。",
    "Guarde em recipiente hermético, em local fresco e seco, longe de odores fortes, e consuma em até doze meses.",
    "يُحفظ في عبوة محكمة في مكان بارد وجاف بعيدًا عن الروائح القوية، ويُستهلك خلال اثني عشر شهرًا.",
  ),
  incense: L(
    "Burn on a heat-proof holder in a ventilated room and never leave it unattended.",
    "À brûler sur un support résistant à la chaleur, dans une pièce aérée, sans jamais le laisser sans surveillance.",
    "Auf einem hitzebeständigen Halter in einem gelüfteten Raum abbrennen und nie unbeaufsichtigt lassen.",
    "Quémalo sobre un soporte resistente al calor en una habitación ventilada y nunca lo dejes sin vigilancia.",
    "耐熱性の香立てを使い、換気の良い部屋で焚いてください。その場を離れないようご注意ください。",
    "Queime sobre um suporte resistente ao calor, em ambiente ventilado, e nunca deixe sem supervisão.",
    "أشعله على حامل مقاوم للحرارة في غرفة جيدة التهوية ولا تتركه دون مراقبة.",
  ),
  candle: L(
    "Trim the wick to 5 mm before each burn and never leave a lit candle unattended.",
    "Coupez la mèche à 5 mm avant chaque utilisation et ne laissez jamais une bougie allumée sans surveillance.",
    "Den Docht vor jedem Anzünden auf 5 mm kürzen und brennende Kerzen nie unbeaufsichtigt lassen.",
    "Recorta la mecha a 5 mm antes de cada uso y nunca dejes una vela encendida sin vigilancia.",
    "点火前に芯を5mmに切りそろえ、火をつけたまま目を離さないでください。",
    "Apare o pavio em 5 mm antes de cada uso e nunca deixe uma vela acesa sem supervisão.",
    "قصّ الفتيل إلى 5 مم قبل كل إشعال ولا تترك الشمعة مشتعلة دون مراقبة.",
  ),
  diffuser: L(
    "Turn the reeds once a week to refresh the scent, and keep away from children and pets.",
    "Retournez les bâtonnets une fois par semaine pour raviver le parfum ; tenir hors de portée des enfants et des animaux.",
    "Die Stäbchen einmal pro Woche wenden, um den Duft aufzufrischen; von Kindern und Haustieren fernhalten.",
    "Gira las varillas una vez por semana para avivar el aroma y mantenlo lejos de niños y mascotas.",
    "週に一度スティックを裏返すと香りがよみがえります。お子様やペットの手の届かない場所に置いてください。",
    "Vire as varetas uma vez por semana para renovar o aroma e mantenha longe de crianças e animais.",
    "اقلب الأعواد مرة أسبوعيًا لتجديد الرائحة، وأبعده عن متناول الأطفال والحيوانات الأليفة.",
  ),
  iron: L(
    "Dry it over low heat after each use to prevent rust; not suitable for the dishwasher.",
    "Séchez-la à feu doux après chaque usage pour éviter la rouille ; ne passe pas au lave-vaisselle.",
    "Nach jedem Gebrauch bei schwacher Hitze trocknen, damit kein Rost entsteht; nicht spülmaschinengeeignet.",
    "Sécala a fuego lento después de cada uso para evitar el óxido; no apta para lavavajillas.",
    "錆を防ぐため、使用後は弱火で水気を飛ばしてください。食洗機は使えません。",
    "Seque em fogo baixo após cada uso para evitar ferrugem; não vai à lava-louças.",
    "جففها على نار هادئة بعد كل استخدام لمنع الصدأ، وهي غير مناسبة لغسالة الصحون.",
  ),
  whisk: L(
    "Rinse the bowl and whisk in warm water without detergent, and let the whisk dry upright on its stand.",
    "Rincez le bol et le fouet à l’eau tiède sans détergent, puis laissez sécher le fouet debout sur son support.",
    "Schale und Besen mit warmem Wasser ohne Spülmittel ausspülen und den Besen aufrecht auf dem Halter trocknen lassen.",
    "Enjuaga el cuenco y el batidor con agua tibia sin detergente y deja secar el batidor en vertical sobre su soporte.",
    "茶碗と茶筅はぬるま湯で洗剤を使わずにすすぎ、茶筅は茶筅直しに立てて乾かしてください。",
    "Enxágue a tigela e o batedor em água morna sem detergente e deixe o batedor secar em pé no suporte.",
    "اشطف الوعاء والمخفقة بالماء الدافئ دون منظفات، واترك المخفقة تجف منتصبة على حاملها.",
  ),
  lamp: L(
    "Dust with a soft dry cloth; takes a standard E14 LED bulb, included.",
    "Dépoussiérez avec un chiffon doux et sec ; ampoule LED E14 standard fournie.",
    "Mit einem weichen, trockenen Tuch abstauben; für handelsübliche E14-LED-Leuchtmittel, eines liegt bei.",
    "Quita el polvo con un paño suave y seco; usa una bombilla LED E14 estándar, incluida.",
    "柔らかい乾いた布でほこりを払ってください。E14口金のLED電球付きです。",
    "Tire o pó com um pano macio e seco; usa lâmpada LED E14 padrão, inclusa.",
    "أزل الغبار بقطعة قماش ناعمة وجافة، ويعمل بمصباح LED قياسي بقاعدة E14 مرفق.",
  ),
} satisfies Record<string, Localized>;

const DETAIL = L("detail", "détail", "Detailansicht", "detalle", "ディテール", "detalhe", "تفاصيل");

// ---------------------------------------------------------------------------------------------
// Prices, stock
// ---------------------------------------------------------------------------------------------

/**
 * Four-currency price point from a USD anchor: EUR ends in .95, GBP in .99, JPY is rounded to the
 * hundred (a round thousand becomes …980).
 */
function priceFromUsd(usd: number): PriceMap {
  const eur = Math.max(1, Math.round(usd * 0.92)) - 0.05;
  const gbp = Math.max(1, Math.round(usd * 0.79)) - 0.01;
  let jpy = Math.round((usd * 151.5) / 100) * 100;
  if (jpy % 1000 === 0) jpy -= 20;
  return { USD: usd.toFixed(2), EUR: eur.toFixed(2), GBP: gbp.toFixed(2), JPY: String(jpy) };
}

/** Small deterministic PRNG (mulberry32) seeded from a string. */
function rng(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Product builder
// ---------------------------------------------------------------------------------------------

type Warehouse = "us-lax" | "de-fra";

export interface ProductSpec {
  key: string;
  /** SKU stem, e.g. "KL-TEA-001"; value abbreviations are appended. */
  sku: string;
  status?: "active" | "draft";
  type: string;
  tags: string[];
  hs: string;
  origin?: string;
  sales: number;
  days: number;
  collections: string[];
  /** [title, handle, description] per language; the care sentence is appended to the description. */
  t: Record<Lang, [string, string, string]>;
  care: Localized;
  options: OptionDef[];
  /** Base USD price; `usdAdd` adds a surcharge per option value code. */
  usd: number;
  usdAdd?: Record<string, number>;
  /** Percentage off: when set, every variant gets a compareAt price. */
  sale?: number;
  weight: number;
  weightAdd?: Record<string, number>;
  dims: [number, number, number];
  dimsBy?: Record<string, [number, number, number]>;
  /** Regional warehouses stocking the product besides the main Shenzhen warehouse. */
  at?: Warehouse[];
  /** Combination keys (value codes joined by "/", in option order) that are sold out everywhere. */
  soldOut?: string[];
  /** Combination key → units left (Shenzhen only). */
  low?: Record<string, number>;
  /** Combination key → exact units per location code, replacing the generated stock. */
  stockAt?: Record<string, Record<string, number>>;
  /** Option code whose values each get their own image (default: "color" when present). */
  imageAxis?: string;
}

function combos(options: OptionDef[]): ValueDef[][] {
  return options.reduce<ValueDef[][]>((acc, o) => acc.flatMap((prefix) => o.values.map((val) => [...prefix, val])), [[]]);
}

export function product(s: ProductSpec): ProductInput {
  const axisCode = s.imageAxis ?? (s.options.some((o) => o.code === "color") ? "color" : undefined);
  const axis = s.options.find((o) => o.code === axisCode);
  const imageCount = Math.min(3, Math.max(2, axis?.values.length ?? 0));

  const translations = Object.fromEntries(
    LANGS.map((lang) => {
      const [title, handle, text] = s.t[lang];
      return [lang, { title, handle, description: `${text} ${s.care[lang]}`, seoTitle: `${title} · Kiln & Loom` }];
    }),
  ) as ProductInput["translations"];

  const images = Array.from({ length: imageCount }, (_, i) => {
    const value = axis?.values[i];
    const alt = Object.fromEntries(
      LANGS.map((lang) => {
        const title = s.t[lang][0];
        if (value) return [lang, `${title} – ${value.labels[lang]}`];
        return [lang, i === 0 ? title : `${title} – ${DETAIL[lang]}`];
      }),
    ) as Localized;
    return { url: `/images/products/${s.key}-${i + 1}.svg`, alt, width: 800, height: 800 };
  });

  const soldOut = new Set(s.soldOut ?? []);
  const variants: VariantInput[] = combos(s.options).map((combo) => {
    const comboKey = combo.map((x) => x.code).join("/");
    const sku = [s.sku, ...combo.map((x) => x.abbr)].join("-");
    const usd = combo.reduce((sum, x) => sum + (s.usdAdd?.[x.code] ?? 0), s.usd);
    const weight = combo.reduce((sum, x) => sum + (s.weightAdd?.[x.code] ?? 0), s.weight);
    const dims = combo.reduce<[number, number, number]>((d, x) => s.dimsBy?.[x.code] ?? d, s.dims);

    const rand = rng(sku);
    const stock: Record<string, number> = { "cn-sz": 60 + Math.floor(rand() * 140) };
    if (s.at?.includes("us-lax")) stock["us-lax"] = 4 + Math.floor(rand() * 40);
    if (s.at?.includes("de-fra")) stock["de-fra"] = 3 + Math.floor(rand() * 32);
    if (soldOut.has(comboKey)) for (const k of Object.keys(stock)) stock[k] = 0;
    const low = s.low?.[comboKey];
    if (low !== undefined) for (const k of Object.keys(stock)) stock[k] = k === "cn-sz" ? low : 0;
    const exact = s.stockAt?.[comboKey];
    if (exact) for (const k of Object.keys(stock)) stock[k] = exact[k] ?? 0;

    const variant: VariantInput = {
      sku,
      options: Object.fromEntries(combo.map((x, i) => [s.options[i].code, x.code])),
      weightGrams: weight,
      dimensionsMm: dims,
      prices: priceFromUsd(usd),
      stock,
    };
    if (s.sale) variant.compareAt = priceFromUsd(Math.max(usd + 2, Math.round(usd / (1 - s.sale / 100))));
    const axisIndex = axis ? axis.values.findIndex((x) => combo.includes(x)) : 0;
    if (axisIndex >= 0 && axisIndex < imageCount) variant.image = axisIndex;
    return variant;
  });

  const options: OptionInput[] = s.options.map((o) => ({
    code: o.code,
    names: o.names,
    values: o.values.map((x) => (x.swatch ? { code: x.code, labels: x.labels, swatch: x.swatch } : { code: x.code, labels: x.labels })),
  }));

  return {
    key: s.key,
    status: s.status ?? "active",
    vendor: "Kiln & Loom",
    productType: s.type,
    tags: s.tags,
    hsCode: s.hs,
    countryOfOrigin: s.origin ?? "CN",
    salesCount: s.sales,
    publishedDaysAgo: s.days,
    collections: s.collections,
    translations,
    options,
    variants,
    images,
  };
}
