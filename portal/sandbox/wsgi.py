"""The sandbox as a WSGI application, with its own settings: ``python -m portal.sandbox runsandbox``
serves it, and so can any WSGI server (``gunicorn portal.sandbox.wsgi``).
"""

import os

from django.core.wsgi import get_wsgi_application

# Always the sandbox's settings, whatever DJANGO_SETTINGS_MODULE the environment has (see __main__.py).
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.sandbox.settings"

application = get_wsgi_application()
