"""``manage.py createstaff EMAIL``: a staff member who signs in at /staff/ (there is no sign-up).

The password is asked for twice (or read from standard input with ``--password-stdin``) and must
pass the project's password validators. The new member may search and preview customers unless
``--no-preview``; ``--superuser`` also opens Django admin and its audit trail. At the first sign-in
they are led to set up two-factor authentication before anything else.
"""

import getpass
import sys

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from portal.staff.access import PERMISSION


class Command(BaseCommand):
    help = "Create a staff member (e-mail and password; two-factor authentication is set up at the first sign-in)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--superuser", action="store_true", help="also a superuser (Django admin, audit trail)")
        parser.add_argument("--no-preview", action="store_true", help="without the permission to search and preview")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        parser.add_argument("--if-missing", action="store_true", help="do nothing if the e-mail is taken already")

    def handle(self, *args, email: str, superuser: bool, no_preview: bool, password_stdin: bool, if_missing: bool,
               **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        User = get_user_model()
        if (User.objects.filter(email__iexact=email).exists()
                or EmailAddress.objects.filter(email__iexact=email).exists()):
            if if_missing:
                self.stdout.write(f"Staff member {email} exists already.")
                return
            raise CommandError(f"A user with the e-mail {email} exists already.")
        password = self._password(password_stdin)
        user = User(username=email, email=email, is_staff=True, is_superuser=superuser)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            if not no_preview:
                app_label, codename = PERMISSION.split(".")
                user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        self.stdout.write(f"Created staff member {email}. Sign in at /staff/ and set up two-factor authentication.")

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
        elif sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password (again): ") != password:
                raise CommandError("The two passwords differ.")
        else:
            raise CommandError("No terminal to ask for the password: use --password-stdin.")
        if not password:
            raise CommandError("The password is empty.")
        return password
