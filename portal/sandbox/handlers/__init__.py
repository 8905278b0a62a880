"""One module per resource group; importing them fills the operation registry (api.REGISTRY)."""

from . import (
    campaigns,
    credits,
    customers,
    events,
    loyalty,
    messages,
    otp,
    points,
    preferences,
    purchases,
    recommendations,
    reference,
    social,
    stamper,
    tokens,
)

MODULES = [campaigns, customers, loyalty, points, preferences, reference, social, tokens, purchases, stamper, messages,
           otp, credits, events, recommendations]


def extra_urlpatterns() -> list:
    """URL patterns a group serves besides the API (e.g. generated files), if it has any."""
    return [pattern for module in MODULES for pattern in getattr(module, "urlpatterns", [])]
