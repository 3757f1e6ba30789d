import { ensurePages, type PageInput } from "~/modules/content/content.server";
import type { Db } from "../index";

// The demo store's seller details. Fictional: a real store replaces them in the admin.
const SELLER = ["Kiln & Loom GmbH", "Beispielstraße 12", "10115 Berlin", "Deutschland / Germany", "hello@kilnandloom.example", "+49 30 1234567"];
const SELLER_BLOCK = SELLER.join("\n");

/**
 * The model withdrawal form of Annex I(B) of Directive 2011/83/EU, in the wording of the official
 * language versions (en, de — Anlage 2 zu Art. 246a § 1 EGBGB —, fr, es, pt); ja and ar are our
 * translations of the English text, as the Directive has no version in those languages.
 */
const WITHDRAWAL_FORM: Record<string, string> = {
  en: `## Model withdrawal form
(complete and return this form only if you wish to withdraw from the contract)
- To ${SELLER.join(", ")}:
- I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract of sale of the following goods (*)/for the provision of the following service (*),
- Ordered on (*)/received on (*),
- Name of consumer(s),
- Address of consumer(s),
- Signature of consumer(s) (only if this form is notified on paper),
- Date
(*) Delete as appropriate.`,
  de: `## Muster-Widerrufsformular
(Wenn Sie den Vertrag widerrufen wollen, dann füllen Sie bitte dieses Formular aus und senden Sie es zurück.)
- An ${SELLER.join(", ")}:
- Hiermit widerrufe(n) ich/wir (*) den von mir/uns (*) abgeschlossenen Vertrag über den Kauf der folgenden Waren (*)/die Erbringung der folgenden Dienstleistung (*)
- Bestellt am (*)/erhalten am (*)
- Name des/der Verbraucher(s)
- Anschrift des/der Verbraucher(s)
- Unterschrift des/der Verbraucher(s) (nur bei Mitteilung auf Papier)
- Datum
(*) Unzutreffendes streichen.`,
  fr: `## Modèle de formulaire de rétractation
(Veuillez compléter et renvoyer le présent formulaire uniquement si vous souhaitez vous rétracter du contrat.)
- À l'attention de ${SELLER.join(", ")} :
- Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du contrat portant sur la vente du bien (*)/pour la prestation de services (*) ci-dessous :
- Commandé le (*)/reçu le (*) :
- Nom du (des) consommateur(s) :
- Adresse du (des) consommateur(s) :
- Signature du (des) consommateur(s) (uniquement en cas de notification du présent formulaire sur papier) :
- Date :
(*) Rayez la mention inutile.`,
  es: `## Modelo de formulario de desistimiento
(sólo debe cumplimentar y enviar el presente formulario si desea desistir del contrato)
- A la atención de ${SELLER.join(", ")}:
- Por la presente le comunico/comunicamos (*) que desisto de mi/desistimos de nuestro (*) contrato de venta del siguiente bien/prestación del siguiente servicio (*)
- Pedido el/recibido el (*)
- Nombre del consumidor o de los consumidores
- Domicilio del consumidor o de los consumidores
- Firma del consumidor o de los consumidores (solo si el presente formulario se presenta en papel)
- Fecha
(*) Táchese lo que no proceda.`,
  pt: `## Modelo de formulário de retratação
(só deve preencher e devolver o presente formulário se quiser resolver o contrato)
- Para ${SELLER.join(", ")}:
- Pela presente comunico/comunicamos (*) que resolvo/resolvemos (*) do meu/nosso (*) contrato de venda do seguinte bem/para a prestação do seguinte serviço (*)
- Solicitado em (*)/recebido em (*)
- Nome do(s) consumidor(es)
- Endereço do(s) consumidor(es)
- Assinatura do(s) consumidor(es) (só no caso de o presente formulário ser notificado em papel)
- Data
(*) Riscar o que não interessa.`,
  ja: `## 撤回書式（モデル）
（契約を撤回する場合にのみ、この書式に記入して返送してください）
- 宛先：${SELLER.join("、")}
- 私／私たち（*）は、以下の商品の売買契約（*）／以下のサービスの提供契約（*）を撤回することをここに通知します。
- 注文日（*）／受領日（*）
- 消費者の氏名
- 消費者の住所
- 消費者の署名（この書式を紙で通知する場合のみ）
- 日付
（*）該当しないものを削除してください。`,
  ar: `## نموذج الانسحاب
(املأ هذا النموذج وأعده فقط إذا كنت ترغب في الانسحاب من العقد)
- إلى ${SELLER.join("، ")}:
- أُخطركم/نُخطركم (*) بموجب هذا بانسحابي/انسحابنا (*) من عقد بيع السلع التالية (*)/تقديم الخدمة التالية (*)
- تاريخ الطلب (*)/تاريخ الاستلام (*)
- اسم المستهلك (المستهلكين)
- عنوان المستهلك (المستهلكين)
- توقيع المستهلك (المستهلكين) (فقط إذا أُرسل هذا النموذج ورقيًا)
- التاريخ
(*) احذف ما لا ينطبق.`,
};

type Text = { title: string; body: string };
type Lang = "en" | "de" | "fr" | "es" | "ja" | "pt" | "ar";

const shipping: Record<Lang, Text> = {
  en: { title: "Shipping", body: "We ship every order from our workshops in sturdy, plastic-free packaging. The methods, delivery times and prices below are those of your market; at checkout you see the exact price for your cart and address.\n\nDelivery times are counted in days from dispatch. Import duties, where they apply, are shown in your cart before you pay." },
  de: { title: "Versand", body: "Wir versenden jede Bestellung aus unseren Werkstätten in stabiler, plastikfreier Verpackung. Die Versandarten, Lieferzeiten und Preise unten gelten für Ihren Markt; an der Kasse sehen Sie den genauen Preis für Ihren Warenkorb und Ihre Adresse.\n\nLieferzeiten zählen in Tagen ab Versand. Einfuhrabgaben, wo sie anfallen, zeigt der Warenkorb vor der Zahlung." },
  fr: { title: "Livraison", body: "Nous expédions chaque commande depuis nos ateliers dans un emballage solide et sans plastique. Les modes, délais et prix ci-dessous sont ceux de votre marché ; au paiement, vous voyez le prix exact pour votre panier et votre adresse.\n\nLes délais sont comptés en jours à partir de l'expédition. Les droits d'importation éventuels sont indiqués dans le panier avant le paiement." },
  es: { title: "Envíos", body: "Enviamos cada pedido desde nuestros talleres en un embalaje resistente y sin plástico. Los métodos, plazos y precios de abajo son los de tu mercado; al finalizar la compra verás el precio exacto para tu carrito y tu dirección.\n\nLos plazos se cuentan en días desde el envío. Los aranceles de importación, si los hay, se muestran en el carrito antes de pagar." },
  ja: { title: "配送について", body: "すべてのご注文は、工房から丈夫でプラスチックを使わない梱包でお届けします。下記の配送方法・お届け日数・料金はお客様の地域のものです。正確な送料はご購入手続きでカートとお届け先に応じて表示されます。\n\nお届け日数は発送日からの日数です。輸入関税がかかる場合は、お支払い前にカートに表示されます。" },
  pt: { title: "Envio", body: "Enviamos cada pedido das nossas oficinas em embalagem resistente e sem plástico. Os métodos, prazos e preços abaixo são os do seu mercado; na finalização da compra você vê o preço exato para o seu carrinho e endereço.\n\nOs prazos contam em dias a partir do envio. Impostos de importação, quando houver, aparecem no carrinho antes do pagamento." },
  ar: { title: "الشحن", body: "نشحن كل طلب من ورشنا في تغليف متين وخالٍ من البلاستيك. طرق الشحن ومدد التوصيل والأسعار أدناه خاصة بسوقك؛ وعند إتمام الطلب ترى السعر الدقيق لسلتك وعنوانك.\n\nتُحتسب مدد التوصيل بالأيام من تاريخ الشحن. تظهر رسوم الاستيراد، إن وُجدت، في السلة قبل الدفع." },
};

const returns: Record<Lang, Text> = {
  en: { title: "Returns and right of withdrawal", body: `## Right of withdrawal
You have the right to withdraw from this contract within 14 days without giving any reason. The withdrawal period expires 14 days from the day on which you, or a third party other than the carrier and indicated by you, acquire physical possession of the goods.

To exercise the right of withdrawal, you must inform us (${SELLER.join(", ")}) of your decision by an unequivocal statement (e.g. a letter sent by post or an e-mail). You may use the model withdrawal form below, but it is not obligatory. To meet the deadline, it is sufficient that you send your communication before the withdrawal period has expired.

## Effects of withdrawal
If you withdraw from this contract, we shall reimburse all payments received from you, including the costs of delivery (except supplementary costs from choosing a delivery type other than the least expensive standard delivery), without undue delay and not later than 14 days from the day we are informed of your decision. We use the same means of payment as you used for the initial transaction. We may withhold reimbursement until we have received the goods back or you have supplied evidence of having sent them back, whichever is the earliest. You shall send back the goods without undue delay and in any event not later than 14 days from the day on which you communicate your withdrawal. You bear the direct cost of returning the goods. You are only liable for any diminished value of the goods resulting from handling other than what is necessary to establish their nature, characteristics and functioning.

${WITHDRAWAL_FORM.en}` },
  de: { title: "Rückgabe und Widerrufsrecht", body: `## Widerrufsrecht
Sie haben das Recht, binnen vierzehn Tagen ohne Angabe von Gründen diesen Vertrag zu widerrufen. Die Widerrufsfrist beträgt vierzehn Tage ab dem Tag, an dem Sie oder ein von Ihnen benannter Dritter, der nicht der Beförderer ist, die Waren in Besitz genommen haben.

Um Ihr Widerrufsrecht auszuüben, müssen Sie uns (${SELLER.join(", ")}) mittels einer eindeutigen Erklärung (z. B. ein mit der Post versandter Brief oder E-Mail) über Ihren Entschluss, diesen Vertrag zu widerrufen, informieren. Sie können dafür das unten stehende Muster-Widerrufsformular verwenden, das jedoch nicht vorgeschrieben ist. Zur Wahrung der Widerrufsfrist reicht es aus, dass Sie die Mitteilung über die Ausübung des Widerrufsrechts vor Ablauf der Widerrufsfrist absenden.

## Folgen des Widerrufs
Wenn Sie diesen Vertrag widerrufen, haben wir Ihnen alle Zahlungen, die wir von Ihnen erhalten haben, einschließlich der Lieferkosten (mit Ausnahme der zusätzlichen Kosten, die sich daraus ergeben, dass Sie eine andere Art der Lieferung als die von uns angebotene, günstigste Standardlieferung gewählt haben), unverzüglich und spätestens binnen vierzehn Tagen ab dem Tag zurückzuzahlen, an dem die Mitteilung über Ihren Widerruf bei uns eingegangen ist. Für diese Rückzahlung verwenden wir dasselbe Zahlungsmittel, das Sie bei der ursprünglichen Transaktion eingesetzt haben. Wir können die Rückzahlung verweigern, bis wir die Waren wieder zurückerhalten haben oder bis Sie den Nachweis erbracht haben, dass Sie die Waren zurückgesandt haben, je nachdem, welches der frühere Zeitpunkt ist. Sie haben die Waren unverzüglich und in jedem Fall spätestens binnen vierzehn Tagen ab dem Tag, an dem Sie uns über den Widerruf unterrichten, zurückzusenden. Sie tragen die unmittelbaren Kosten der Rücksendung. Sie müssen für einen etwaigen Wertverlust nur aufkommen, wenn dieser auf einen zur Prüfung der Beschaffenheit, Eigenschaften und Funktionsweise nicht notwendigen Umgang zurückzuführen ist.

${WITHDRAWAL_FORM.de}` },
  fr: { title: "Retours et droit de rétractation", body: `## Droit de rétractation
Vous avez le droit de vous rétracter du présent contrat sans donner de motif dans un délai de quatorze jours. Le délai de rétractation expire quatorze jours après le jour où vous-même, ou un tiers autre que le transporteur et désigné par vous, prenez physiquement possession du bien.

Pour exercer le droit de rétractation, vous devez nous notifier (${SELLER.join(", ")}) votre décision au moyen d'une déclaration dénuée d'ambiguïté (par exemple, lettre envoyée par la poste ou courrier électronique). Vous pouvez utiliser le modèle de formulaire de rétractation ci-dessous, mais ce n'est pas obligatoire.

## Effets de la rétractation
En cas de rétractation, nous vous rembourserons tous les paiements reçus de vous, y compris les frais de livraison standard, sans retard excessif et au plus tard quatorze jours à compter du jour où nous sommes informés de votre décision, en utilisant le même moyen de paiement. Nous pouvons différer le remboursement jusqu'à réception du bien ou jusqu'à ce que vous ayez fourni une preuve d'expédition. Les frais directs de renvoi du bien sont à votre charge.

${WITHDRAWAL_FORM.fr}` },
  es: { title: "Devoluciones y derecho de desistimiento", body: `## Derecho de desistimiento
Tiene usted derecho a desistir del presente contrato en un plazo de 14 días naturales sin necesidad de justificación. El plazo expirará a los 14 días naturales del día en que usted o un tercero por usted indicado, distinto del transportista, adquirió la posesión material de los bienes.

Para ejercer el derecho de desistimiento, deberá usted notificarnos (${SELLER.join(", ")}) su decisión de desistir del contrato a través de una declaración inequívoca (por ejemplo, una carta enviada por correo postal o correo electrónico). Podrá utilizar el modelo de formulario de desistimiento que figura a continuación, aunque su uso no es obligatorio.

## Consecuencias del desistimiento
En caso de desistimiento, le devolveremos todos los pagos recibidos, incluidos los gastos de entrega estándar, sin ninguna demora indebida y, en todo caso, a más tardar 14 días naturales a partir de la fecha en la que se nos informe de su decisión, utilizando el mismo medio de pago. Podremos retener el reembolso hasta haber recibido los bienes o hasta que usted haya presentado una prueba de la devolución. Usted asumirá el coste directo de devolución de los bienes.

${WITHDRAWAL_FORM.es}` },
  ja: { title: "返品と撤回権", body: `## 撤回権
お客様は、理由を示すことなく14日以内にこの契約を撤回することができます。撤回期間は、お客様（または運送業者以外のお客様が指定した第三者）が商品を受け取った日から14日です。EUのお客様には指令2011/83/EUに基づくこの権利があり、当店はすべての地域のお客様に同じ条件を適用しています。

撤回権を行使するには、明確な意思表示（郵送の書面またはメールなど）により当店（${SELLER.join("、")}）にお知らせください。下記の撤回書式（モデル）を使うこともできますが、必須ではありません。

## 撤回の効果
撤回された場合、当店は標準配送料を含め、お客様から受け取ったすべての代金を、撤回の通知を受けた日から14日以内に、お支払いと同じ方法で返金します。商品の返送を確認するまで返金を保留することがあります。返送料はお客様のご負担となります。

${WITHDRAWAL_FORM.ja}` },
  pt: { title: "Devoluções e direito de arrependimento", body: `## Direito de arrependimento
Você tem o direito de desistir deste contrato no prazo de 14 dias, sem indicar qualquer motivo. O prazo expira 14 dias a contar do dia em que você, ou um terceiro por você indicado que não seja o transportador, adquirir a posse física dos bens. Na UE este direito decorre da Diretiva 2011/83/UE; aplicamos as mesmas condições em todos os mercados.

Para exercer o direito, comunique-nos (${SELLER.join(", ")}) a sua decisão por meio de uma declaração inequívoca (por exemplo, carta enviada pelo correio ou e-mail). Pode usar o modelo de formulário abaixo, mas não é obrigatório.

## Efeitos
Em caso de arrependimento, reembolsaremos todos os pagamentos recebidos, incluindo os custos de entrega padrão, sem demora injustificada e, o mais tardar, 14 dias a contar da data em que formos informados da sua decisão, pelo mesmo meio de pagamento. Podemos reter o reembolso até recebermos os bens de volta ou até você apresentar prova do envio. Os custos diretos da devolução ficam a seu cargo.

${WITHDRAWAL_FORM.pt}` },
  ar: { title: "الإرجاع وحق الانسحاب", body: `## حق الانسحاب
يحق لك الانسحاب من هذا العقد خلال 14 يومًا دون إبداء أي سبب. تنتهي مدة الانسحاب بعد 14 يومًا من اليوم الذي تستلم فيه أنت، أو طرف ثالث تحدده غير شركة النقل، البضائع فعليًا. يستند هذا الحق في الاتحاد الأوروبي إلى التوجيه 2011/83/EU، ونطبق الشروط نفسها في جميع الأسواق.

لممارسة حق الانسحاب، أبلغنا (${SELLER.join("، ")}) بقرارك ببيان واضح (مثل رسالة بالبريد أو بريد إلكتروني). يمكنك استخدام نموذج الانسحاب أدناه، لكنه ليس إلزاميًا.

## آثار الانسحاب
إذا انسحبت من العقد، نرد إليك جميع المبالغ التي استلمناها منك، بما فيها تكاليف التوصيل العادي، دون تأخير وفي موعد أقصاه 14 يومًا من يوم إبلاغنا بقرارك، وبوسيلة الدفع نفسها. يجوز لنا تأجيل الرد حتى نستلم البضائع أو تقدم ما يثبت إرسالها. تتحمل أنت التكلفة المباشرة لإرجاع البضائع.

${WITHDRAWAL_FORM.ar}` },
};

const privacy: Record<Lang, Text> = {
  en: { title: "Privacy", body: `## Who is responsible
${SELLER_BLOCK}

## What we collect and why
- Your order: name, address, email and phone, to deliver your order and tell you about it (performance of the contract).
- Your cart: a cookie holding your cart's id, so your cart survives a reload. We set no advertising or tracking cookies.
- Payments are handled by our payment provider; we never see your full card number.

## How long we keep it
Order records for as long as tax law requires (up to 10 years); carts that were never ordered are deleted after 30 days.

## Your rights
You may ask for access, correction, deletion, restriction, portability and object to processing, and complain to a data protection authority. Write to us at the address above.` },
  de: { title: "Datenschutz", body: `## Verantwortlicher
${SELLER_BLOCK}

## Welche Daten wir verarbeiten und warum
- Ihre Bestellung: Name, Anschrift, E-Mail und Telefon, um Ihre Bestellung zu liefern und Sie darüber zu informieren (Vertragserfüllung, Art. 6 Abs. 1 lit. b DSGVO).
- Ihr Warenkorb: ein Cookie mit der Kennung Ihres Warenkorbs, damit er beim Neuladen erhalten bleibt. Werbe- oder Tracking-Cookies setzen wir nicht.
- Zahlungen wickelt unser Zahlungsdienstleister ab; Ihre vollständige Kartennummer sehen wir nie.

## Speicherdauer
Bestelldaten so lange, wie es das Steuer- und Handelsrecht verlangt (bis zu 10 Jahre); nie bestellte Warenkörbe löschen wir nach 30 Tagen.

## Ihre Rechte
Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung, Datenübertragbarkeit und Widerspruch sowie auf Beschwerde bei einer Datenschutzaufsichtsbehörde. Schreiben Sie uns an die oben genannte Anschrift.` },
  fr: { title: "Confidentialité", body: `## Responsable du traitement
${SELLER_BLOCK}

## Données traitées et finalités
- Votre commande : nom, adresse, e-mail et téléphone, pour livrer votre commande et vous en informer (exécution du contrat).
- Votre panier : un cookie contenant l'identifiant de votre panier. Aucun cookie publicitaire ou de suivi.
- Les paiements sont traités par notre prestataire de paiement ; nous ne voyons jamais votre numéro de carte complet.

## Durée de conservation
Les données de commande aussi longtemps que la loi l'exige (jusqu'à 10 ans) ; les paniers jamais commandés sont supprimés après 30 jours.

## Vos droits
Accès, rectification, effacement, limitation, portabilité, opposition, et réclamation auprès d'une autorité de protection des données. Écrivez-nous à l'adresse ci-dessus.` },
  es: { title: "Privacidad", body: `## Responsable del tratamiento
${SELLER_BLOCK}

## Qué datos tratamos y por qué
- Tu pedido: nombre, dirección, correo y teléfono, para entregar el pedido e informarte (ejecución del contrato).
- Tu carrito: una cookie con el identificador del carrito. No usamos cookies publicitarias ni de seguimiento.
- Los pagos los procesa nuestro proveedor de pagos; nunca vemos el número completo de tu tarjeta.

## Conservación
Los datos de pedidos durante el plazo que exige la ley (hasta 10 años); los carritos nunca comprados se eliminan a los 30 días.

## Tus derechos
Acceso, rectificación, supresión, limitación, portabilidad y oposición, y reclamación ante una autoridad de protección de datos. Escríbenos a la dirección indicada.` },
  ja: { title: "プライバシーポリシー", body: `## 責任者
${SELLER_BLOCK}

## 取得する情報と目的
- ご注文：お名前、住所、メールアドレス、電話番号。商品のお届けとご連絡のために使用します。
- カート：カートのIDを保存するCookie。広告やトラッキングのCookieは使用しません。
- お支払いは決済代行会社が処理し、当店がカード番号全体を見ることはありません。

## 保存期間
注文記録は法律で定められた期間（最長10年）、注文されなかったカートは30日後に削除します。

## お客様の権利
開示、訂正、削除、利用停止、データポータビリティ、異議申し立て、監督機関への苦情申し立てができます。上記の住所までご連絡ください。` },
  pt: { title: "Privacidade", body: `## Responsável pelo tratamento
${SELLER_BLOCK}

## Que dados tratamos e porquê
- O seu pedido: nome, endereço, e-mail e telefone, para entregar o pedido e informá-lo (execução do contrato).
- O seu carrinho: um cookie com o identificador do carrinho. Não usamos cookies de publicidade ou rastreamento.
- Os pagamentos são processados pelo nosso prestador de pagamentos; nunca vemos o número completo do seu cartão.

## Conservação
Dados de pedidos pelo prazo exigido por lei (até 10 anos); carrinhos nunca comprados são apagados após 30 dias.

## Os seus direitos
Acesso, retificação, apagamento, limitação, portabilidade e oposição, e reclamação junto de uma autoridade de proteção de dados (no Brasil, a ANPD). Escreva-nos para o endereço acima.` },
  ar: { title: "الخصوصية", body: `## الجهة المسؤولة
${SELLER_BLOCK}

## البيانات التي نجمعها ولماذا
- طلبك: الاسم والعنوان والبريد الإلكتروني والهاتف، لتوصيل الطلب وإبلاغك بحالته.
- سلتك: ملف تعريف ارتباط يحمل معرّف السلة. لا نستخدم ملفات تعريف ارتباط للإعلانات أو التتبع.
- يعالج مزوّد الدفع المدفوعات؛ ولا نرى رقم بطاقتك كاملًا أبدًا.

## مدة الاحتفاظ
نحتفظ بسجلات الطلبات للمدة التي يفرضها القانون (حتى 10 سنوات)، ونحذف السلال التي لم تُطلب بعد 30 يومًا.

## حقوقك
يحق لك طلب الاطلاع والتصحيح والحذف والتقييد ونقل البيانات والاعتراض، وتقديم شكوى إلى جهة حماية البيانات. راسلنا على العنوان أعلاه.` },
};

const terms: Record<Lang, Text> = {
  en: { title: "Terms and conditions", body: `## Scope
These terms apply to every order placed in this store with ${SELLER[0]}.

## Contract
Our product pages are an invitation to order. By pressing "Pay now" you make a binding offer; the contract is concluded when we confirm your order by email.

## Prices and payment
Prices are shown in your market's currency. Whether tax is included is stated next to every price; shipping costs and any import duties are shown in your cart before you pay.

## Delivery
We deliver to the countries of your market. Delivery times are stated on the product page and at checkout.

## Withdrawal and warranty
Consumers have a 14-day right of withdrawal (see Returns). The statutory warranty rights apply.` },
  de: { title: "AGB", body: `## Geltungsbereich
Diese Bedingungen gelten für alle Bestellungen in diesem Shop bei ${SELLER[0]}.

## Vertragsschluss
Unsere Produktseiten sind eine Aufforderung zur Bestellung. Mit dem Klick auf „Jetzt bezahlen" geben Sie ein verbindliches Angebot ab; der Vertrag kommt mit unserer Bestellbestätigung per E-Mail zustande.

## Preise und Zahlung
Alle Preise sind Endpreise inkl. der gesetzlichen Mehrwertsteuer, zzgl. Versandkosten. Versandkosten und etwaige Einfuhrabgaben sehen Sie vor der Zahlung im Warenkorb.

## Lieferung
Wir liefern nach Deutschland und Österreich. Die Lieferzeiten stehen auf der Produktseite und an der Kasse.

## Widerruf und Gewährleistung
Verbrauchern steht ein vierzehntägiges Widerrufsrecht zu (siehe Rückgabe und Widerrufsrecht). Es gilt das gesetzliche Mängelhaftungsrecht.` },
  fr: { title: "Conditions générales de vente", body: `## Champ d'application
Les présentes conditions s'appliquent à toute commande passée dans cette boutique auprès de ${SELLER[0]}.

## Conclusion du contrat
En cliquant sur « Payer », vous faites une offre ferme ; le contrat est conclu lorsque nous confirmons votre commande par e-mail.

## Prix et paiement
Les prix sont indiqués dans la devise de votre marché, taxes comprises ou non selon la mention à côté du prix ; les frais de livraison et droits éventuels apparaissent dans le panier avant le paiement.

## Rétractation et garanties
Les consommateurs disposent d'un droit de rétractation de 14 jours (voir Retours). Les garanties légales s'appliquent.` },
  es: { title: "Condiciones generales", body: `## Ámbito
Estas condiciones se aplican a todos los pedidos realizados en esta tienda con ${SELLER[0]}.

## Contrato
Al pulsar «Pagar» realizas una oferta vinculante; el contrato se celebra cuando confirmamos tu pedido por correo electrónico.

## Precios y pago
Los precios se muestran en la moneda de tu mercado, con o sin impuestos según se indica junto al precio; los gastos de envío y posibles aranceles aparecen en el carrito antes de pagar.

## Desistimiento y garantía
Los consumidores tienen un derecho de desistimiento de 14 días (ver Devoluciones). Se aplican las garantías legales.` },
  ja: { title: "利用規約", body: `## 適用範囲
本規約は、本ストアで${SELLER[0]}に対して行われるすべてのご注文に適用されます。

## 契約の成立
「支払う」ボタンを押すとご注文の申し込みとなり、当店が注文確認メールを送信した時点で契約が成立します。

## 価格と支払い
価格はお客様の地域の通貨で表示され、税込か税別かは価格の横に記載しています。送料と輸入関税はお支払い前にカートに表示されます。

## 撤回と保証
お客様は14日間の撤回権を有します（「返品と撤回権」参照）。法律上の保証が適用されます。` },
  pt: { title: "Termos e condições", body: `## Âmbito
Estes termos aplicam-se a todos os pedidos feitos nesta loja com ${SELLER[0]}.

## Contrato
Ao clicar em «Pagar» você faz uma oferta vinculativa; o contrato é celebrado quando confirmamos o pedido por e-mail.

## Preços e pagamento
Os preços aparecem na moeda do seu mercado, com ou sem impostos conforme indicado junto ao preço; o frete e eventuais impostos de importação aparecem no carrinho antes do pagamento.

## Arrependimento e garantia
Os consumidores têm direito de arrependimento de 14 dias (ver Devoluções). Aplicam-se as garantias legais.` },
  ar: { title: "الشروط والأحكام", body: `## النطاق
تسري هذه الشروط على كل طلب يُقدَّم في هذا المتجر لدى ${SELLER[0]}.

## إبرام العقد
بالضغط على «ادفع الآن» تقدّم عرضًا ملزمًا، ويُبرم العقد عندما نؤكد طلبك بالبريد الإلكتروني.

## الأسعار والدفع
تُعرض الأسعار بعملة سوقك، ويُذكر بجانب كل سعر ما إذا كانت الضريبة مشمولة. تظهر تكاليف الشحن ورسوم الاستيراد في السلة قبل الدفع.

## الانسحاب والضمان
للمستهلكين حق الانسحاب خلال 14 يومًا (انظر الإرجاع). تسري حقوق الضمان القانونية.` },
};

const contact: Record<Lang, Text> = {
  en: { title: "Contact", body: `We answer every message within two working days.\n\n${SELLER_BLOCK}` },
  de: { title: "Kontakt", body: `Wir beantworten jede Nachricht innerhalb von zwei Werktagen.\n\n${SELLER_BLOCK}` },
  fr: { title: "Contact", body: `Nous répondons à chaque message sous deux jours ouvrés.\n\n${SELLER_BLOCK}` },
  es: { title: "Contacto", body: `Respondemos a cada mensaje en un plazo de dos días hábiles.\n\n${SELLER_BLOCK}` },
  ja: { title: "お問い合わせ", body: `すべてのお問い合わせに2営業日以内にお返事します。\n\n${SELLER_BLOCK}` },
  pt: { title: "Contato", body: `Respondemos a todas as mensagens em até dois dias úteis.\n\n${SELLER_BLOCK}` },
  ar: { title: "اتصل بنا", body: `نرد على كل رسالة خلال يومي عمل.\n\n${SELLER_BLOCK}` },
};

// § 5 DDG (Digitale-Dienste-Gesetz): name and address, legal form and representative, quick
// electronic contact, register and number, VAT identification number (§ 27a UStG).
const legalNotice: Record<"de" | "en", Text> = {
  de: { title: "Impressum", body: `## Angaben gemäß § 5 DDG
${SELLER.slice(0, 4).join("\n")}

## Vertreten durch
Geschäftsführerin: Mara Beispiel

## Kontakt
E-Mail: ${SELLER[4]}
Telefon: ${SELLER[5]}

## Registereintrag
Handelsregister: Amtsgericht Berlin-Charlottenburg
Registernummer: HRB 000000 B

## Umsatzsteuer-ID
Umsatzsteuer-Identifikationsnummer gemäß § 27a UStG: DE000000000

## Verbraucherstreitbeilegung
Wir sind nicht bereit oder verpflichtet, an Streitbeilegungsverfahren vor einer Verbraucherschlichtungsstelle teilzunehmen.` },
  en: { title: "Legal notice", body: `## Information according to § 5 DDG
${SELLER.slice(0, 4).join("\n")}

## Represented by
Managing director: Mara Beispiel

## Contact
Email: ${SELLER[4]}
Phone: ${SELLER[5]}

## Register entry
Commercial register: Amtsgericht Berlin-Charlottenburg, HRB 000000 B

## VAT ID
VAT identification number according to § 27a UStG: DE000000000` },
};

export const demoPages: PageInput[] = [
  { slug: "shipping", position: 0, translations: shipping },
  { slug: "returns", position: 1, translations: returns },
  { slug: "privacy", position: 2, translations: privacy },
  { slug: "terms", position: 3, translations: terms },
  { slug: "contact", position: 4, translations: contact },
  { slug: "legal-notice", position: 5, markets: ["de-de"], translations: legalNotice },
];

export async function seedPages(db: Db): Promise<void> {
  await ensurePages(demoPages, db);
}
