"""A message's HTML body as text: what a reader needs stays, nothing that could run or style."""

from portal.inbox.text import html_to_text


def test_paragraphs_line_breaks_and_list_items_stay():
    html = "<h1>Autumn menu</h1><p>Pumpkin latte and <b>plum</b> cake.</p><ul><li>Latte</li><li>Cake</li></ul>" \
           "<p>See you,<br>Zrnko</p>"
    assert html_to_text(html) == "Autumn menu\n\nPumpkin latte and plum cake.\n\n• Latte\n• Cake\n\nSee you,\nZrnko"


def test_scripts_styles_head_and_handlers_are_dropped():
    html = ('<html><head><title>T</title><style>body{color:red}</style></head><body>'
            '<script>alert("x")</script><p onclick="alert(1)">Hello</p><img src=x onerror="alert(2)">'
            '<!-- a comment --><noscript>No script</noscript><svg><script>alert(3)</script></svg></body></html>')
    text = html_to_text(html)
    assert text == "Hello"


def test_a_links_address_follows_its_text_only_when_it_is_http():
    html = '<p><a href="https://example.com/menu">Menu</a> <a href="javascript:alert(1)">Click</a> ' \
           '<a href="mailto:a@b.c">Write</a></p>'
    assert html_to_text(html) == "Menu (https://example.com/menu) Click Write"


def test_entities_are_text_and_whitespace_is_tidied():
    assert html_to_text("<p>Caf&eacute;   &lt;b&gt;  &amp; tea</p>\n\n\n<p> </p><div>x</div>") == "Café <b> & tea\n\nx"


def test_nothing_gives_nothing():
    assert html_to_text("") == "" and html_to_text(None) == ""
