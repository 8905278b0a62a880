"""What every page's layout needs: the navigation and the customer's signed-in state."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from . import seo

NAVIGATION = [
    ("dashboard", "loyalty:dashboard", _("Overview")),
    ("cards", "loyalty:card-list", _("Cards")),
    ("vouchers", "loyalty:voucher-list", _("Vouchers")),
    ("points", "loyalty:points", _("Points")),
    ("rewards", "loyalty:reward-list", _("Rewards")),
    ("profile", "loyalty:profile", _("Profile")),
    ("campaigns", "campaigns:list", _("Campaigns")),
]
# What a visitor who is not logged in finds in the navigation.
PUBLIC_NAVIGATION = [
    ("campaigns", "campaigns:list", _("Campaigns")),
    ("login", "accounts:login", _("Log in")),
]


def portal(request):
    return {
        "navigation": NAVIGATION,
        "public_navigation": PUBLIC_NAVIGATION,
        # canonical URL and hreflang alternates (a view may pass its own ``seo``)
        "seo": SimpleLazyObject(lambda: seo.page_addresses(request)),
        "brand_name": settings.PORTAL_BRAND_NAME,
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        "customer": getattr(request, "customer", None),
    }
