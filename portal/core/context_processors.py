"""What every page's layout needs: the navigation, the customer's signed-in state and the theme."""

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from portal.carecloud import reference
from portal.carecloud.exceptions import CareCloudError

from . import cookies, seo, theme
from .webapp import offline_card_key

NAVIGATION = [
    ("dashboard", "overview:dashboard", _("Overview")),
    ("cards", "cards:card-list", _("Cards")),
    ("vouchers", "rewards:voucher-list", _("Vouchers")),
    ("points", "points:points", _("Points")),
    ("purchases", "purchases:purchase-list", _("Purchases")),
    ("credits", "credits:credits", _("Credits")),
    ("stores", "stores:stores", _("Stores")),
    ("rewards", "rewards:reward-list", _("Rewards")),
    ("stampcards", "stampcards:stamp-card-list", _("Stamp cards")),
    ("messages", "inbox:message-list", _("Messages")),
    ("profile", "profile:profile", _("Profile")),
    ("campaigns", "campaigns:list", _("Campaigns")),
]
# On phones the bottom bar holds the other destinations; these ones sit under its "More".
NAVIGATION_MORE = frozenset({"points", "purchases", "credits", "stores", "stampcards", "messages", "profile",
                             "campaigns"})
# From 48rem the top navigation holds the rest in one row; these ones (some of NAVIGATION_MORE: the
# same "More" disclosure) sit under its "More", so that the row fits 1024 px with Czech's longer labels.
NAVIGATION_MORE_DESKTOP = frozenset({"credits", "stores", "stampcards", "campaigns"})
# What a visitor who is not logged in finds in the navigation.
PUBLIC_NAVIGATION = [
    ("campaigns", "campaigns:list", _("Campaigns")),
    ("login", "accounts:login", _("Log in")),
]


def _may_ask_carecloud(request) -> bool:
    """Whether drawing the navigation may ask CareCloud: only for an ordinary member page (a GET of
    a view with a navigation tab that a preview may open), never for a refused or sent form, a page
    a preview does not open or the data export (which must not wait on anything but its reads)."""
    view = getattr(getattr(getattr(request, "resolver_match", None), "func", None), "view_class", None)
    return (request.method in ("GET", "HEAD") and view is not None and bool(getattr(view, "active_tab", ""))
            and not getattr(view, "preview_refused", ""))


def _project_has_credits(request) -> bool:
    """The credits entry only where the project has credit types (reference data, cached per
    language). Elsewhere than on an ordinary member page only what is cached already counts."""
    if not _may_ask_carecloud(request):
        return bool(reference.peek("credit-types"))
    try:
        return bool(reference.credit_types(token=request.customer.token))
    except CareCloudError:
        return False


# Entries shown only where the project has what they lead to.
NAVIGATION_WHERE = {"credits": _project_has_credits}


def member_navigation(request) -> list:
    return [entry for entry in NAVIGATION if entry[0] not in NAVIGATION_WHERE or NAVIGATION_WHERE[entry[0]](request)]


def portal(request):
    customer = getattr(request, "customer", None)
    return {
        "navigation": SimpleLazyObject(lambda: member_navigation(request)),
        "navigation_more_keys": NAVIGATION_MORE,
        "navigation_more_desktop_keys": NAVIGATION_MORE_DESKTOP,
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
