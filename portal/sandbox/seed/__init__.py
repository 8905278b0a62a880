"""The sandbox's demo data, one module per resource group, applied in dependency order.

``python manage.py seedsandbox`` runs :func:`seed_all`; it is idempotent (fixed ids,
update_or_create), so ``make run`` can run it every time without losing what a developer made.
"""

from django.apps import apps
from django.db import transaction

from ..routers import SANDBOX_DB
from . import campaigns, core, customers, loyalty, points, preferences, reference

STEPS = [reference.seed, core.seed, customers.seed, loyalty.seed, points.seed, preferences.seed, campaigns.seed]


def seed_all() -> None:
    with transaction.atomic(using=SANDBOX_DB):
        for step in STEPS:
            step()


def wipe() -> None:
    """Delete every sandbox record (children first, so protected relations don't object)."""
    with transaction.atomic(using=SANDBOX_DB):
        for model in reversed(list(apps.get_app_config("sandbox").get_models())):
            model.objects.all().delete()


def reset() -> None:
    wipe()
    seed_all()
