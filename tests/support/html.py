"""Reading rendered pages in tests: the head's tags, headings, links and forms (stdlib parser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    title: str = ""
    metas: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    anchors: list[dict] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    forms: list[dict] = field(default_factory=list)

    def meta(self, key: str) -> str | None:
        """The content of ``<meta name=key>`` or ``<meta property=key>``."""
        for meta in self.metas:
            if key in (meta.get("name"), meta.get("property")):
                return meta.get("content")
        return None

    def meta_all(self, key: str) -> list[str]:
        return [m.get("content") or "" for m in self.metas if key in (m.get("name"), m.get("property"))]

    def link(self, rel: str, **attrs) -> str | None:
        for link in self.links:
            if rel in (link.get("rel") or "").split() and all(link.get(k) == v for k, v in attrs.items()):
                return link.get("href")
        return None

    def hreflangs(self) -> dict[str, str]:
        return {link["hreflang"]: link.get("href") for link in self.links
                if "alternate" in (link.get("rel") or "").split() and link.get("hreflang")}

    def hrefs(self) -> list[str]:
        return [a.get("href") or "" for a in self.anchors]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in = None
        self._text: list[str] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "meta":
            self.page.metas.append(attrs)
        elif tag == "link":
            self.page.links.append(attrs)
        elif tag == "a":
            self.page.anchors.append(attrs)
        elif tag in ("title", "h1"):
            self._in, self._text = tag, []
        elif tag == "form":
            self._form = {**attrs, "fields": []}
            self.page.forms.append(self._form)
        elif tag in ("input", "textarea") and self._form is not None:
            self._form["fields"].append({"tag": tag, **attrs})
        elif tag == "select" and self._form is not None:
            self._select = {"tag": tag, **attrs, "options": []}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == self._in:
            text = " ".join("".join(self._text).split())
            if tag == "title":
                self.page.title = text
            else:
                self.page.h1.append(text)
            self._in = None
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


def parse(html: str | bytes) -> Page:
    parser = _Parser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.page
