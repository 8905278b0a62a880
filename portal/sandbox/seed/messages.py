"""Demo data of the messages group: what the café-bakery chain sent its customers.

The demo customer (who reads in Czech) has twelve messages over three months, e-mails, text
messages and push notifications: the older ones opened, the three newest not yet. One newsletter
comes as HTML only, with what a careless template or a hostile one could carry (a script, an
event handler, a ``javascript:`` link), which the portal must never run. The second customer has
one message; a customer registered just now has none.

Idempotent: fixed ids, get_or_create; times relative to the first seeding.
"""

from datetime import timedelta

from django.utils import timezone

from . import ids

TEMPLATE_NEWSLETTER = "a0b1c2d3e4f5a6b7c8d9e0f1a2"
TEMPLATE_VOUCHER = "b1c2d3e4f5a6b7c8d9e0f1a2b3"
TEMPLATE_STAMPS = "c2d3e4f5a6b7c8d9e0f1a2b3c4"
TEMPLATE_SMS = "d3e4f5a6b7c8d9e0f1a2b3c4d5"

MESSAGE_NEWEST = "f0e1d2c3b4a5968778695a4b3c"
MESSAGE_HTML_ONLY = "e1d2c3b4a5968778695a4b3c2d"
MESSAGE_SECOND = "d2c3b4a5968778695a4b3c2d1e"

EMAIL, SMS, PUSH = 1, 2, 4

HOSTILE_HTML = (
    '<html><head><style>body{background:red}</style><script>alert("kuk")</script></head><body>'
    '<h1>Podzimní menu je tady</h1>'
    '<p>Dýňové latte, <b>švestkový koláč</b> a skořicoví šneci.</p>'
    '<img src="https://example.com/pixel.gif" onerror="alert(1)" alt="">'
    '<p><a href="javascript:alert(2)">Prohlédnout menu</a></p>'
    '<ul><li>Dýňové latte</li><li>Švestkový koláč</li></ul>'
    '<p>Těšíme se na vás,<br>Zrnko</p></body></html>'
)

# (pk, days ago, channel, title, plain text, html, opened)
DEMO_MESSAGES = [
    (MESSAGE_NEWEST, 1, EMAIL, "Vaše karta je skoro plná",
     "Dobrý den, Terezo,\n\nna kávové kartě máte pět razítek z osmi. Ještě tři kávy a další je od nás.\n\nZrnko",
     "<p>Dobrý den, Terezo,</p><p>na kávové kartě máte <b>pět razítek z osmi</b>.</p>", False),
    ("e0f1d2c3b4a5968778695a4b3d", 3, PUSH, "Croissant zdarma čeká",
     "Croissantová karta je plná. Croissant zdarma si vyzvedněte na pokladně.", "", False),
    (MESSAGE_HTML_ONLY, 6, EMAIL, "Podzimní menu", "", HOSTILE_HTML, False),
    ("c3b4a5968778695a4b3c2d1e0f", 12, SMS, "Zrnko: narozeninový voucher",
     "Zrnko: k narozeninám od nás máte voucher na dort. Platí 14 dní.", "", True),
    ("b4a5968778695a4b3c2d1e0f1a", 19, EMAIL, "Body za nákup v Brně",
     "Za nákup v Brně jste získala 248 bodů.", "<p>Za nákup v Brně jste získala <b>248 bodů</b>.</p>", True),
    ("a5968778695a4b3c2d1e0f1a2b", 26, EMAIL, "Nová odměna v katalogu",
     "V katalogu odměn je nové balení zrnkové kávy.", "<p>V katalogu odměn je nové balení zrnkové kávy.</p>",
     True),
    ("968778695a4b3c2d1e0f1a2b3c", 33, PUSH, "Šťastná hodina",
     "Dnes od 14 do 16 hodin káva za polovic.", "", True),
    ("8778695a4b3c2d1e0f1a2b3c4d", 41, EMAIL, "Měsíční souhrn bodů",
     "Tento měsíc jste nasbírala 412 bodů.", "<p>Tento měsíc jste nasbírala <b>412 bodů</b>.</p>", True),
    ("778695a4b3c2d1e0f1a2b3c4d5", 52, EMAIL, "Kávová karta: první plná",
     "Gratulujeme, vaše první kávová karta je plná.", "<p>Gratulujeme, vaše první kávová karta je plná.</p>",
     True),
    ("78695a4b3c2d1e0f1a2b3c4d5e", 63, SMS, "Zrnko: nová kavárna",
     "Zrnko: v Brně na náměstí Svobody jsme otevřeli novou kavárnu.", "", True),
    ("8695a4b3c2d1e0f1a2b3c4d5e6", 75, EMAIL, "Letní limonády končí",
     "Letní limonády jsou v nabídce už jen do konce měsíce.",
     "<p>Letní limonády jsou v nabídce už jen do konce měsíce.</p>", True),
    ("695a4b3c2d1e0f1a2b3c4d5e6f", 88, EMAIL, "Vítejte v programu Zrnko",
     "Děkujeme, že sbíráte body. Za každých 10 Kč získáte bod.",
     "<p>Děkujeme, že sbíráte body. Za každých 10 Kč získáte bod.</p>", True),
]


def seed() -> None:
    from ..models import Message

    now = timezone.now().replace(microsecond=0)
    templates = {EMAIL: TEMPLATE_NEWSLETTER, SMS: TEMPLATE_SMS, PUSH: TEMPLATE_STAMPS}
    contacts = {EMAIL: ids.DEMO_EMAIL, SMS: ids.DEMO_PHONE, PUSH: ""}
    for pk, days, channel, title, text, html, opened in DEMO_MESSAGES:
        sent = now - timedelta(days=days, hours=days % 5, minutes=7 * days % 60)
        Message.objects.get_or_create(pk=pk, defaults=dict(
            customer_id=ids.DEMO_CUSTOMER, message_template_id=templates[channel], contact=contacts[channel],
            title=title, communication_channel_id=channel, send_time=sent, status=Message.Status.SENT,
            opened_time=sent + timedelta(hours=3) if opened else None, plain_text_body=text, html_body=html,
            attachment_formats=["podminky-programu.pdf"] if pk == MESSAGE_NEWEST else []))
    Message.objects.get_or_create(pk=MESSAGE_SECOND, defaults=dict(
        customer_id=ids.SECOND_CUSTOMER, message_template_id=TEMPLATE_VOUCHER, contact=ids.SECOND_EMAIL,
        title="Uvítací sušenka", communication_channel_id=EMAIL, send_time=now - timedelta(days=190),
        status=Message.Status.SENT, plain_text_body="Vítejte! Sušenka k první kávě je od nás.",
        html_body="<p>Vítejte! Sušenka k první kávě je od nás.</p>"))
