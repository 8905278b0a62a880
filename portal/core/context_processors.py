"""What every page's layout needs: the navigation, the customer's signed-in state and the theme."""

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from . import cookies, seo, theme
from .webapp import offline_card_key

NAVIGATION = [
    ("dashboard", "overview:dashboard", _("Overview")),
    ("cards", "cards:card-list", _("Cards")),
    ("vouchers", "rewards:voucher-list", _("Vouchers")),
    ("points", "points:points", _("Points")),
    ("purchases", "purchases:purchase-list", _("Purchases")),
    ("rewards", "rewards:reward-list", _("Rewards")),
    ("stampcards", "stampcards:stamp-card-list", _("Stamp cards")),
    ("messages", "inbox:message-list", _("Messages")),
    ("profile", "profile:profile", _("Profile")),
    ("campaigns", "campaigns:list", _("Campaigns")),
]
# On phones the bottom bar holds the other destinations; these ones sit under its "More".
NAVIGATION_MORE = frozenset({"points", "purchases", "stampcards", "messages", "profile", "campaigns"})
# What a visitor who is not logged in finds in the navigation.
PUBLIC_NAVIGATION = [
    ("campaigns", "campaigns:list", _("Campaigns")),
    ("login", "accounts:login", _("Log in")),
]


def portal(request):
    customer = getattr(request, "customer", None)
    return {
        "navigation": NAVIGATION,
        "navigation_more_keys": NAVIGATION_MORE,
        "public_navigation": PUBLIC_NAVIGATION,
        # canonical URL and hreflang alternates (a view may pass its own ``seo``)
        "seo": SimpleLazyObject(lambda: seo.page_addresses(request)),
        "brand_name": theme.brand_name(),
        # The retailer's theme: its files' URLs, legal links, support contact and texts in the
        # page's language (``theme.logo``, ``theme.legal.cookies``, ``theme.texts.footer``).
        "theme": SimpleLazyObject(lambda: theme.for_templates(translation.get_language())),
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        "customer": customer,
        # Which offline card this browser may keep (portal/core/webapp.py): none when logged out.
        "offline_card_key": offline_card_key(request) if customer is not None and customer.is_authenticated else "",
        # The cookie notice until the visitor answers it (portal/core/cookies.py).
        "cookie_notice": cookies.notice_wanted(request),
        "cookie_policy_url": SimpleLazyObject(cookies.policy_url),
        # A staff member's read-only preview: forms render disabled (components/submit.html).
        "read_only": getattr(request, "read_only", False),
    }
