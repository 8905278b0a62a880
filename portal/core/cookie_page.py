"""The cookie page (`/{lang}/cookies/`): what the portal stores and why, and the visitor's answer to
the cookie notice. Apart from the consent rules (cookies.py), which the attribution asks: the page
both records the answer and moves the visit's attribution into or out of its cookie."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .attribution import forget_cookie, remember_in_cookie
from .cookies import ACCEPTED, DECLINED, consent, set_consent
from .redirects import is_safe_next


@method_decorator(never_cache, name="dispatch")
class CookiesView(TemplateView):
    """The cookie page: what the portal stores and why; the consent given or changed (POST)."""

    template_name = "core/cookies.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Cookies"), consent=consent(self.request),
                                        next=self._next(""), **kwargs)

    def _next(self, fallback: str) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        return target if is_safe_next(target, self.request) else fallback

    def post(self, request, *args, **kwargs):
        choice = request.POST.get("choice")
        if choice not in (ACCEPTED, DECLINED):
            return self.get(request, *args, **kwargs)
        response = HttpResponseRedirect(self._next(reverse("core-pages:cookies")))
        set_consent(response, choice)
        if choice == ACCEPTED:
            remember_in_cookie(request, response)  # the visit's attribution now lasts
        else:
            forget_cookie(request, response)
        messages.success(request, _("Your cookie choice is saved.") if choice == ACCEPTED
                         else _("Only the cookies the portal needs to work are used."))
        return response
