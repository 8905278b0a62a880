"""The sandbox as a WSGI application of its own: same settings, its own URLconf.

``python manage.py runsandbox`` serves it; so can any WSGI server
(``gunicorn portal.sandbox.wsgi``).
"""

import os

from django.core.handlers.wsgi import WSGIHandler

SANDBOX_URLCONF = "portal.sandbox.urls"


class SandboxWSGIHandler(WSGIHandler):
    """Routes every request through the sandbox URLconf instead of the portal's."""

    def get_response(self, request):
        request.urlconf = SANDBOX_URLCONF
        return super().get_response(request)


def get_sandbox_application():
    import django

    django.setup(set_prefix=False)
    return SandboxWSGIHandler()


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_sandbox_application()
