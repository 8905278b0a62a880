"""The sandbox's demo data, one module per resource group, applied in dependency order.

``python -m portal.sandbox seedsandbox`` runs :func:`seed_all`; it is idempotent (fixed ids,
update_or_create), so ``make run`` can run it every time without losing what a developer made.

The modules import no model until they seed: the demo data's ids and names are read where the
sandbox app is not installed (the portal's tests, scripts/run).
"""

from django.apps import apps
from django.db import transaction

from . import (
    campaigns,
    core,
    credits,
    customers,
    loyalty,
    messages,
    oidc,
    points,
    preferences,
    recommendations,
    reference,
    stamper,
)

STEPS = [reference.seed, core.seed, customers.seed, loyalty.seed, points.seed, preferences.seed, campaigns.seed,
         stamper.seed, messages.seed, oidc.seed, credits.seed, recommendations.seed]


def seed_all() -> None:
    with transaction.atomic():
        for step in STEPS:
            step()


def wipe() -> None:
    """Delete every sandbox record (children first, so protected relations don't object)."""
    with transaction.atomic():
        for model in reversed(list(apps.get_app_config("sandbox").get_models())):
            model.objects.all().delete()


def reset() -> None:
    wipe()
    seed_all()
