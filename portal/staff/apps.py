from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "portal.staff"
    label = "staff"
    verbose_name = _("Staff preview audit")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
