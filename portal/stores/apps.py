from django.apps import AppConfig


class StoresConfig(AppConfig):
    name = "portal.stores"
    label = "stores"
    verbose_name = "Stores"
