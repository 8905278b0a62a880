"""``{% social_providers as providers %}``: the configured social sign-in providers, for the
"Continue with" buttons (templates/accounts/_social_buttons.html)."""

from django import template
from django.urls import reverse

from portal.core.redirects import is_safe_next

from ..social import configured_providers

register = template.Library()


@register.simple_tag(takes_context=True)
def social_providers(context) -> list[dict]:
    request = context.get("request")
    if request is None:
        return []
    # Where the customer goes once signed in: the page's checked ``next``, else the overview; in the
    # page's language either way (the return from the provider takes its language from it).
    target = context.get("next") or ""
    target = target if is_safe_next(target, request) else reverse("overview:dashboard")
    return [{"id": provider.id, "name": provider.name, "login_url": provider.get_login_url(request), "next": target}
            for provider in configured_providers(request)]
