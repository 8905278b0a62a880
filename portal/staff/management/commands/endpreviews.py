from django.core.management.base import BaseCommand

from portal.staff import services


class Command(BaseCommand):
    help = ("End the staff previews whose time ran out and log their CareCloud tokens out (run it every few "
            "minutes from cron: a staff member who closes the browser never comes back to end one).")

    def handle(self, *args, **options):
        count = services.previews_sweep()
        self.stdout.write(f"{count} preview token(s) logged out.")
