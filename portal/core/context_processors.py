"""What every page's layout needs: the navigation and the customer's signed-in state."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    ("dashboard", "loyalty:dashboard", _("Overview")),
    ("cards", "loyalty:card-list", _("Cards")),
    ("vouchers", "loyalty:voucher-list", _("Vouchers")),
    ("points", "loyalty:points", _("Points")),
    ("rewards", "loyalty:reward-list", _("Rewards")),
    ("profile", "loyalty:profile", _("Profile")),
]


def portal(request):
    return {
        "navigation": NAVIGATION,
        "brand_name": settings.PORTAL_BRAND_NAME,
        "customer": getattr(request, "customer", None),
        # A staff member's read-only preview: forms render disabled (components/submit.html).
        "read_only": getattr(request, "read_only", False),
    }
