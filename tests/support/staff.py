"""Staff members for tests: created as createstaff makes them, with a TOTP authenticator whose
secret the test knows (so it can compute the codes an authenticator app would show)."""

import itertools
import threading
import time

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from portal.staff.access import PERMISSION

PASSWORD = "Staff-Test-Password-7"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a TOTP secret (base32)
_numbers = itertools.count(1)


# A code read in the last seconds of its 30 s window may reach the server in the next one (the
# portal accepts no stale code): on a busy machine, or with other test workers, a sign-in's form
# post can take that long.
FRESH_SECONDS = 4


def totp_code(secret: str = SECRET, offset: int = 0) -> str:
    """The code an authenticator app shows now for ``secret``, read where it stays valid for at least
    FRESH_SECONDS more (at the end of a window this waits for the next one, as a person would)."""
    left = 30 - time.time() % 30
    if left < FRESH_SECONDS:
        threading.Event().wait(left + 0.05)  # (not time.sleep: a test may have mocked it)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def create_staff(*, permitted: bool = True, second_factor: bool = True, superuser: bool = False, email: str = ""):
    email = email or f"staff{next(_numbers)}@example.com"
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD, is_staff=True,
                                                is_superuser=superuser)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if permitted:
        app_label, codename = PERMISSION.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    if second_factor:
        TOTP.activate(user, SECRET)
    return user
