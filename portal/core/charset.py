"""Form bodies are UTF-8: one declared in any other charset is the portal's 400 page, never a 500.

Django reads an ``application/x-www-form-urlencoded`` body in UTF-8 only. When the request's
``Content-Type`` declares another charset it raises BadRequest wherever ``request.POST`` is
first read, and with a real browser's CSRF cookie that is CsrfViewMiddleware, before any view.
The answer to that BadRequest, Django's 400 handler, is wrapped in ``requires_csrf_token``, whose
CSRF check reads ``request.POST`` again and raises again; so does the 500 handler after it, and
the same happens at every middleware on the way out, until the WSGI server answers its own bare
500 (with DEBUG too: its technical page reads the POST as well). Django's test client skips the
CSRF check unless told not to, so there a view read the body first and a 400 came out.

This middleware reads the declared charset before anything reads the body, on every form of the
portal and the staff's pages (one place, not per view):

- UTF-8 and ASCII, by any label Python's codec registry knows them by (``UTF8``, ``us-ascii``...),
  are read as UTF-8 (ASCII is part of it; Django itself would refuse every label but ``utf-8``);
- any other charset, and a label no codec knows, is the 400 page, with one log line and no
  traceback (a client's mistake, not the portal's).

Other charsets are refused rather than decoded: every page and form of the portal is UTF-8, and
browsers send a form in its page's encoding without any charset on an urlencoded body (the WHATWG
URL standard gives it none), so a Czech customer's browser never sends one; such a body comes
from a script or a probe. Decoding it by its label would take on a second way of reading every
form for no customer, and a wrong label would store wrong letters in CareCloud (``ř`` in
ISO-8859-2 is ``ø`` in Latin-1) where a refusal loses nothing.
"""

from __future__ import annotations

import codecs
import logging

from django.http import HttpRequest, HttpResponseBadRequest
from django.template import loader

log = logging.getLogger(__name__)

# The body types Django decodes into request.POST with the declared charset.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Codec names (codecs.lookup(label).name) of the charsets read, all of them as UTF-8.
SUPPORTED = {"utf-8", "ascii"}


def codec_name(label: str) -> str:
    """The codec a charset label names ('' when none does)."""
    try:
        return codecs.lookup(label.strip()).name
    except (LookupError, ValueError):
        return ""


class FormCharsetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        charset = request.content_params.get("charset") if request.content_type in FORM_TYPES else None
        if charset is not None:
            if codec_name(charset) not in SUPPORTED:
                log.warning("Refused a form body declared as charset %r: forms are read as UTF-8 only",
                            charset[:40])
                # As Django's own 400 handler renders it: no request context, nothing that can fail again.
                return HttpResponseBadRequest(loader.render_to_string("400.html"))
            request.encoding = "utf-8"
        return self.get_response(request)
