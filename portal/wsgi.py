"""WSGI entry point of the portal (``gunicorn portal.wsgi``; Django's runserver uses it too).

Production settings are enforced where production starts: gunicorn.conf.py's ``on_starting``
refuses to start without a real SECRET_KEY or with DEBUG on (portal.core.checks.production_problems).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()
