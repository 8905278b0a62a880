"""The portal's URLconf walked for every named pattern, reversed with sample values: the tests of
what holds for every view (a preview's read-only rule and refused pages, tests/staff/test_read_only.py;
form bodies in another charset, tests/core/test_security.py) find each view themselves, so a view
added later is checked without anyone adding it to a list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import translation

from portal.staff.middleware import preview_refusal

WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: dict
    customer: bool  # under the language prefix: a customer page
    writes: bool  # its view takes a write (function views: assumed to)
    reads: bool
    refused: bool = False  # its view declares preview_refused: not opened in a preview at all

    @property
    def url(self) -> str:
        with translation.override("en"):
            return reverse(self.name, kwargs=self.kwargs or None)


def sample(name: str, converter: str, ids) -> list[str]:
    """Values to reverse a URL parameter with: real ids where the name says what it is."""
    known = {"customer_id": [ids.DEMO_CUSTOMER], "app_label": ["staff", "auth"], "model_name": ["preview", "user"],
             "file_type": ["png"]}
    by_converter = {"int": ["1"], "uuid": [str(uuid.uuid4())], "path": ["x/1"]}
    return known.get(name) or by_converter.get(converter) or ["1", "x1"]


def parameters(pattern) -> dict[str, str]:
    """The URL parameters a pattern captures, each with its converter's name ("int", "slug"...)."""
    converters = pattern.converters if isinstance(pattern, RoutePattern) else {}
    return {name: type(converters.get(name)).__name__.lower().removesuffix("converter")
            for name in pattern.regex.groupindex}


def walk(patterns, namespace: str = "", customer: bool = False, params: dict | None = None):
    """(namespace, pattern, under the language prefix?, parameters with those of the includes)."""
    for entry in patterns:
        here = {**(params or {}), **parameters(entry.pattern)} if not isinstance(entry.pattern, LocalePrefixPattern) \
            else dict(params or {})
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from walk(entry.url_patterns, inner, customer or isinstance(entry.pattern, LocalePrefixPattern), here)
        elif isinstance(entry, URLPattern):
            yield namespace, entry, customer, here


def routes(ids) -> tuple[list[Route], list[str]]:
    """Every named pattern of the portal, reversed with sample values; and those that would not reverse."""
    found, unreversed = [], []
    for namespace, pattern, customer, params in walk(get_resolver().url_patterns):
        if not pattern.name:
            unreversed.append(str(pattern.pattern))
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        view = getattr(pattern.callback, "view_class", None)
        allowed = getattr(view, "http_method_names", WRITE_METHODS + ("get",)) if view else WRITE_METHODS + ("get",)
        writes = not view or any(m in allowed and hasattr(view, m) for m in WRITE_METHODS)
        reads = not view or ("get" in allowed and hasattr(view, "get"))
        refused = bool(preview_refusal(pattern.callback))
        for attempt in (0, 1):
            kwargs = {}
            for param, converter in params.items():
                values = sample(param, converter, ids)
                kwargs[param] = values[min(attempt, len(values) - 1)]
            route = Route(name, kwargs, customer, writes, reads, refused)
            try:
                route.url
            except NoReverseMatch:
                continue
            found.append(route)
            break
        else:
            unreversed.append(name)
    return found, unreversed
