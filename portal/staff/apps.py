from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "portal.staff"
    label = "staff"
    verbose_name = "Staff preview"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
