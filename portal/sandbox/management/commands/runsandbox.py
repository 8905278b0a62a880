"""Serve the CareCloud sandbox on its own port: ``python -m portal.sandbox runsandbox [addr:port]``."""

import re
import socketserver

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.db import connections


class QuietHandler(WSGIRequestHandler):
    """Django's request handler without a line per request unless asked for (-v 2), and without
    Nagle's algorithm: an answer's headers and body leave in two writes, and on a kept-alive
    connection the body would wait for the client's delayed acknowledgement of the headers, some
    40 ms per API call (the portal's client keeps its connections alive)."""

    verbose = False
    disable_nagle_algorithm = True

    def handle(self):
        """Every call of one client connection (kept alive) on the database connection this thread
        opened (the settings keep it: CONN_MAX_AGE None), closed when the client's is."""
        try:
            super().handle()
        finally:
            connections.close_all()

    def log_message(self, format, *args):
        if self.verbose:
            super().log_message(format, *args)


class Command(BaseCommand):
    help = "Run the CareCloud sandbox (the local emulator of the CareCloud APIs)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", help="Optional [addr:]port, default 127.0.0.1:SANDBOX_PORT.")

    def handle(self, *args, addrport=None, verbosity=1, **options):
        addr, port = "127.0.0.1", str(settings.SANDBOX_PORT)
        if addrport:
            match = re.fullmatch(r"(?:(?P<addr>[\w.:\[\]-]+):)?(?P<port>\d+)", addrport)
            if not match:
                raise CommandError(f'"{addrport}" is not a valid port number or address:port pair.')
            addr = (match["addr"] or addr).strip("[]")
            port = match["port"]
        QuietHandler.verbose = verbosity > 1
        server_cls = type("SandboxServer", (socketserver.ThreadingMixIn, WSGIServer), {"daemon_threads": True})
        try:
            httpd = server_cls((addr, int(port)), QuietHandler, ipv6=":" in addr)
        except OSError as error:
            raise CommandError(f"Cannot serve on {addr}:{port}: {error}") from error
        port = httpd.server_port  # the real one when 0 asked the OS to choose
        httpd.set_app(WSGIHandler())
        host = f"[{addr}]" if ":" in addr else addr
        base = f"http://{host}:{port}/webservice/rest-api"
        self.stdout.write(
            f"CareCloud sandbox listening on port {port}\n"
            f"  customer interface:   {base}/customer-interface/v1.0\n"
            f"  enterprise interface: {base}/enterprise-interface/v1.0\n"
            f"  outbox (e-mails):     http://{host}:{port}/_sandbox/outbox\n",
        )
        self.stdout.flush()
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            httpd.server_close()
