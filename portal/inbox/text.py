"""A message's HTML body as plain text: the portal never puts CareCloud's HTML into a page.

The text keeps what a reader needs (paragraphs, line breaks, list items, a link's address after
its text) and drops everything else: scripts, styles, the head, comments, attributes. The template
escapes the result like any other text, so no markup of the message can reach the page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol", "h1", "h2", "h3",
          "h4", "h5", "h6", "blockquote", "pre", "hr"}
SKIPPED = {"script", "style", "head", "title", "template", "noscript", "svg", "iframe", "object"}
HTTP_LINK = re.compile(r"https?://\S+", re.IGNORECASE)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in BLOCKS:
            self.parts.append("\n\n")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href.strip() if HTTP_LINK.fullmatch(href.strip()) else "")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and not self.skipping:
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The readable text of an HTML body (paragraphs separated by a blank line)."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
