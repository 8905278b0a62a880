"""WSGI entry point of the portal (``gunicorn portal.wsgi``).

Production starts only with production settings: a missing secret or a development default
(portal.core.checks.production_problems) stops the process here, at start, with the reason —
not on the first customer's request. ``make run`` uses Django's development server, not this.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

from portal.core.checks import production_problems  # noqa: E402  (needs the settings loaded above)

_problems = production_problems()
if _problems:
    raise ImproperlyConfigured("The portal refuses to start:\n- " + "\n- ".join(_problems))
