import type { CollectionInput } from "~/modules/catalog/catalog-input";

export const demoCollections: CollectionInput[] = [
  {
    key: "tea-ware",
    imageUrl: "/images/collections/tea-ware.svg",
    translations: {
      en: { title: "Tea Ware", handle: "tea-ware", description: "Teapots, gaiwans and cups thrown and glazed in Jingdezhen, plus the trays, caddies and single-origin teas that complete a slow afternoon brew." },
      fr: { title: "Art du thé", handle: "art-du-the", description: "Théières, gaiwans et tasses tournés et émaillés à Jingdezhen, ainsi que plateaux, boîtes à thé et thés d’origine pour une infusion sans hâte." },
      de: { title: "Teegeschirr", handle: "teegeschirr", description: "Teekannen, Gaiwans und Teeschalen aus Jingdezhen-Porzellan, dazu Teetabletts, Teedosen und Tees aus einer Lage – alles für die entschleunigte Teestunde." },
      es: { title: "Para el té", handle: "para-el-te", description: "Teteras, gaiwanes y tazas torneados y esmaltados en Jingdezhen, junto con bandejas, botes y tés de origen para una infusión sin prisas." },
      ja: { title: "茶器", handle: "chaki", description: "景徳鎮でろくろ挽きし施釉した急須、蓋碗、茶杯に、茶盤や茶筒、産地直送の中国茶を揃えました。ゆったりとしたお茶の時間のために。" },
      pt: { title: "Chá", handle: "utensilios-de-cha", description: "Bules, gaiwans e xícaras torneados e esmaltados em Jingdezhen, com bandejas, potes e chás de origem para uma infusão sem pressa." },
      ar: { title: "أدوات الشاي", handle: "adawat-al-shay", description: "أباريق وأكواب غايوان وفناجين مصنوعة ومطلية يدويًا في جينغدتشن، مع صوانٍ وعلب وأنواع شاي من مصدر واحد لجلسة شاي هادئة." },
    },
  },
  {
    key: "ceramics",
    imageUrl: "/images/collections/ceramics.svg",
    translations: {
      en: { title: "Ceramics & Tableware", handle: "ceramics", description: "Celadon, blue-and-white and tenmoku porcelain for everyday tables: bowls, plates, vases and small things, each piece fired above 1300 °C in Jingdezhen." },
      fr: { title: "Céramiques & arts de la table", handle: "ceramiques", description: "Porcelaine céladon, bleu et blanc ou tenmoku pour la table de tous les jours : bols, assiettes, vases et petites pièces, cuits au-delà de 1300 °C à Jingdezhen." },
      de: { title: "Keramik & Geschirr", handle: "keramik-geschirr", description: "Porzellan in Seladon, Blau-Weiß und Tenmoku für den Alltagstisch: Schalen, Teller, Vasen und kleine Dinge, jedes Stück bei über 1300 °C in Jingdezhen gebrannt." },
      es: { title: "Cerámica y vajilla", handle: "ceramica-y-vajilla", description: "Porcelana celadón, azul y blanca o tenmoku para la mesa diaria: cuencos, platos, jarrones y pequeñas piezas cocidas a más de 1300 °C en Jingdezhen." },
      ja: { title: "器・テーブルウェア", handle: "utsuwa", description: "青磁、染付、天目の磁器を日々の食卓に。景徳鎮で1300℃以上の高温で焼成した鉢、皿、花器、小物をご紹介します。" },
      pt: { title: "Cerâmica e mesa", handle: "ceramica-e-mesa", description: "Porcelana celadon, azul e branca ou tenmoku para a mesa de todos os dias: tigelas, pratos, vasos e pequenas peças queimadas acima de 1300 °C em Jingdezhen." },
      ar: { title: "الخزف وأدوات المائدة", handle: "al-khazaf", description: "خزف سيلادون وأزرق وأبيض وتينموكو للمائدة اليومية: أوعية وأطباق ومزهريات وقطع صغيرة، كل منها مشوي على أكثر من 1300 درجة مئوية في جينغدتشن." },
    },
  },
  {
    key: "linen-home",
    imageUrl: "/images/collections/linen-home.svg",
    translations: {
      en: { title: "Linen & Home", handle: "linen-home", description: "Stonewashed linen for the table, bed and bath, woven from long-fibre flax, alongside incense, candles and diffusers blended in our workshop." },
      fr: { title: "Linge & maison", handle: "linge-et-maison", description: "Lin lavé à la pierre pour la table, le lit et le bain, tissé à partir de fibres longues, ainsi qu’encens, bougies et diffuseurs composés dans notre atelier." },
      de: { title: "Leinen & Zuhause", handle: "leinen-zuhause", description: "Stonewashed Leinen für Tisch, Bett und Bad aus langfaserigem Flachs gewebt, dazu Räucherstäbchen, Duftkerzen und Raumdüfte aus unserer Werkstatt." },
      es: { title: "Lino y hogar", handle: "lino-y-hogar", description: "Lino lavado a la piedra para la mesa, la cama y el baño, tejido con fibra larga, junto con inciensos, velas y difusores elaborados en nuestro taller." },
      ja: { title: "リネン・暮らし", handle: "linen-kurashi", description: "長繊維のフラックスで織り、ストーンウォッシュ加工を施したテーブル・ベッド・バス用リネンに、工房で調香したお香やキャンドル、ディフューザーを添えて。" },
      pt: { title: "Linho e casa", handle: "linho-e-casa", description: "Linho lavado com pedra para a mesa, a cama e o banho, tecido com fibra longa, além de incensos, velas e difusores criados em nossa oficina." },
      ar: { title: "الكتان والمنزل", handle: "al-kattan-wal-manzil", description: "كتان مغسول بالحجر للمائدة والسرير والحمام، منسوج من ألياف الكتان الطويلة، إلى جانب البخور والشموع والمعطرات الممزوجة في مشغلنا." },
    },
  },
  {
    key: "apparel-accessories",
    imageUrl: "/images/collections/apparel-accessories.svg",
    translations: {
      en: { title: "Apparel & Accessories", handle: "apparel-accessories", description: "Relaxed linen clothing and mulberry silk accessories cut and sewn in our Hangzhou workshop, made to soften and age beautifully." },
      fr: { title: "Vêtements & accessoires", handle: "vetements-accessoires", description: "Vêtements amples en lin et accessoires en soie de mûrier, coupés et cousus dans notre atelier de Hangzhou, pour se patiner avec élégance." },
      de: { title: "Kleidung & Accessoires", handle: "kleidung-accessoires", description: "Lässige Kleidung aus Leinen und Accessoires aus Maulbeerseide, zugeschnitten und genäht in unserer Werkstatt in Hangzhou – sie werden mit der Zeit nur schöner." },
      es: { title: "Ropa y accesorios", handle: "ropa-y-accesorios", description: "Ropa holgada de lino y accesorios de seda de morera cortados y cosidos en nuestro taller de Hangzhou, hechos para suavizarse y envejecer con belleza." },
      ja: { title: "服・小物", handle: "fuku-komono", description: "杭州の自社工房で裁断・縫製した、ゆったりとしたリネンの服と桑蚕シルクの小物。着るほどに柔らかく、美しく育ちます。" },
      pt: { title: "Roupa e acessórios", handle: "roupa-e-acessorios", description: "Roupa descontraída em linho e acessórios de seda de amoreira, cortados e costurados em nossa oficina de Hangzhou, feitos para envelhecer com beleza." },
      ar: { title: "الملابس والإكسسوارات", handle: "al-malabis", description: "ملابس كتانية مريحة وإكسسوارات من حرير التوت، تُقص وتُخاط في مشغلنا في هانغتشو، وتزداد نعومة وجمالًا مع الزمن." },
    },
  },
  {
    key: "new-arrivals",
    imageUrl: "/images/collections/new-arrivals.svg",
    translations: {
      en: { title: "New Arrivals", handle: "new-arrivals", description: "Fresh from the kiln and the loom: the latest pieces from our Jingdezhen and Hangzhou workshops." },
      fr: { title: "Nouveautés", handle: "nouveautes", description: "Tout juste sortis du four et du métier à tisser : les dernières pièces de nos ateliers de Jingdezhen et de Hangzhou." },
      de: { title: "Neuheiten", handle: "neuheiten", description: "Frisch aus Brennofen und Webstuhl: die neuesten Stücke aus unseren Werkstätten in Jingdezhen und Hangzhou." },
      es: { title: "Novedades", handle: "novedades", description: "Recién salidas del horno y del telar: las últimas piezas de nuestros talleres de Jingdezhen y Hangzhou." },
      ja: { title: "新着アイテム", handle: "shinchaku", description: "窯と機（はた）から届いたばかり。景徳鎮と杭州の工房の最新作をご覧ください。" },
      pt: { title: "Novidades", handle: "novidades", description: "Recém-saídas do forno e do tear: as peças mais novas de nossas oficinas de Jingdezhen e Hangzhou." },
      ar: { title: "وصل حديثًا", handle: "wasala-hadithan", description: "خرجت للتو من الفرن والنول: أحدث القطع من مشاغلنا في جينغدتشن وهانغتشو." },
    },
  },
];
