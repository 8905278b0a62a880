"""gunicorn's production configuration (``gunicorn portal.wsgi`` reads it from the working
directory). Every value can be overridden from the environment (GUNICORN_CMD_ARGS or the names
below).

A portal page mostly waits on CareCloud (network I/O), so each worker process runs threads
(gthread): a worker can wait on several CareCloud calls at once without a process per request.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A request may wait on CareCloud for its connect + read timeouts and a retry or two: the worker
# timeout must be longer than that, or gunicorn kills workers that are only waiting.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "45"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# An idle kept-alive connection stays open longer than the proxy in front keeps its own idle
# connections to us (60 s: AWS's load balancers, nginx's upstream keepalive_timeout), so that the
# proxy is always the one to close an idle connection. When gunicorn closes one first, a request the
# proxy sends on it at that moment is reset, not answered (the proxy shows a 502): benchmarks/load.py
# saw exactly that with 5 s, a view reset in about 1,000 at a 5 s pause. A proxy that keeps idle
# connections longer (Heroku 90 s, Google's load balancers 600 s) needs GUNICORN_KEEPALIVE above its
# value. An idle connection costs a socket in the worker's poller, not a thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Recycle workers now and then (a slow leak in a dependency cannot grow without bound).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The app (settings, URLconf, templates) is loaded once before forking: faster starts, shared memory.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
# Access log lines carry the request id the portal puts on every response and log line; never
# the query string (it can carry a `next` with personal paths) — only the path.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'
errorlog = "-"
# Behind a TLS-terminating proxy: trust its X-Forwarded-* from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Production starts only with production settings: a missing SECRET_KEY, the development
    default or DEBUG on stop gunicorn here, at start, with the reason — not on the first customer's
    request (portal.core.checks.production_problems; `make run` uses Django's development server).
    The portal's app only: another one served from this directory (the CareCloud sandbox,
    ``gunicorn portal.sandbox.wsgi``) has settings of its own and never runs in production."""
    import sys

    import django

    if str(server.app.app_uri).split(":")[0] != "portal.wsgi":
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from portal.core.checks import production_problems

    problems = production_problems()
    if problems:
        sys.exit("The portal refuses to start:\n- " + "\n- ".join(problems))
