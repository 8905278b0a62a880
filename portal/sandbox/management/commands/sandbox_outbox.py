"""Print the sandbox's outbox (password-setup messages and other "sent" mail): newest first."""

import json

from django.core.management.base import BaseCommand, CommandError

from portal.sandbox.models import OutboxMessage


class Command(BaseCommand):
    help = "Print the messages the sandbox would have sent, newest first."

    def add_arguments(self, parser):
        parser.add_argument("--last", type=int, default=10, metavar="N", help="How many messages (default 10).")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON instead of text.")

    def handle(self, *args, last=10, as_json=False, **options):
        if last < 1:
            raise CommandError("--last must be at least 1.")
        messages = [message.as_dict() for message in OutboxMessage.objects.all()[:last]]
        if as_json:
            self.stdout.write(json.dumps({"messages": messages}, ensure_ascii=False, indent=2))
            return
        if not messages:
            self.stdout.write("The outbox is empty.")
            return
        for message in messages:
            self.stdout.write(self.style.MIGRATE_HEADING(
                f"{message['created']}  {message['channel']}  to {message['recipient']}"
            ))
            if message["subject"]:
                self.stdout.write(f"Subject: {message['subject']}")
            self.stdout.write(message["body"].rstrip())
            if message["link"]:
                self.stdout.write(f"Link: {message['link']}")
            self.stdout.write("")
