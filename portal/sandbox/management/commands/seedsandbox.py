from django.core.management.base import BaseCommand

from portal.sandbox import seed
from portal.sandbox.seed import ids


class Command(BaseCommand):
    help = "Load the sandbox's demo data (idempotent). --reset wipes the sandbox database first."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete all sandbox data first.")

    def handle(self, *args, reset=False, **options):
        if reset:
            seed.reset()
        else:
            seed.seed_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Sandbox seeded. Demo customer: {ids.DEMO_EMAIL} / {ids.DEMO_PASSWORD} "
                f"(card {ids.DEMO_CARD_NUMBER}); external application id: {ids.PORTAL_APPLICATION}"
            )
        )
