"""HTTP caching of the portal's public pages (campaigns) and the guard that keeps personal
responses out of shared caches.

A public page looks the same to every anonymous visitor of a URL (the language is in the path),
so it is sent ``Cache-Control: public, max-age=PORTAL_PUBLIC_CACHE_SECONDS`` and a CDN or proxy may
keep it. ``Vary: Cookie`` says that a request with cookies (a logged-in customer's session) may get
another page; ``Accept-Language`` does not vary a language-prefixed URL, so it is not named there
(LocaleMiddleware adds it to the un-prefixed redirects, which do vary by it). A logged-in
customer's page is ``private`` and never stored.

Such a response must not set a cookie: a shared cache would hand the cookie to every visitor. So a
public page renders no CSRF token (no POST form) and the last middleware,
:class:`SharedCacheGuardMiddleware`, turns any ``public`` response that sets a cookie anyway
(a pending message, an attribution cookie, a new session) into a private one.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


def make_private(response):
    """Never stored by a shared cache or the browser (a logged-in or personalised response)."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)  # also drops a ``public`` set before
    return response


def is_customer(request) -> bool:
    customer = getattr(request, "customer", None)
    return bool(customer is not None and customer.is_authenticated)


def cache_for_visitor(request, response):
    """``public, max-age`` for an anonymous visitor, ``private`` for a logged-in customer."""
    if is_customer(request):
        make_private(response)
    else:
        patch_cache_control(response, public=True, max_age=settings.PORTAL_PUBLIC_CACHE_SECONDS)
    patch_vary_headers(response, ("Cookie",))
    return response


class PublicPageMixin:
    """For class-based views of public pages: caching headers by visitor, and ``public_page`` in
    the context (the layout then draws no POST form, so no CSRF cookie is set)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(public_page=not is_customer(self.request), **kwargs)

    def dispatch(self, request, *args, **kwargs):
        return cache_for_visitor(request, super().dispatch(request, *args, **kwargs))


class SharedCacheGuardMiddleware:
    """Outermost: a response marked ``public`` that sets a cookie becomes private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if "public" in cache_control and response.cookies:
            make_private(response)
        return response
