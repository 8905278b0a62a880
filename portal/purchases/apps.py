from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    name = "portal.purchases"
    label = "purchases"
    verbose_name = "Purchases"
