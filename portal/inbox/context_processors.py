"""The new messages' count on the navigation's Messages entry (every page's layout): only what the
overview already read and keeps for the session, never a CareCloud call of its own. Here, not in
core's context processor, so that core never imports a feature."""

from django.utils.functional import SimpleLazyObject

from .selectors import cached_new_messages_count


def _count(request) -> int:
    customer = getattr(request, "customer", None)
    if customer is None or not customer.is_authenticated:
        return 0
    return cached_new_messages_count(token=customer.token, customer_id=customer.customer_id) or 0


def new_messages_badge(request) -> dict:
    return {"new_messages_badge": SimpleLazyObject(lambda: _count(request))}
