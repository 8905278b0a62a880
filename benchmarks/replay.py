"""An upstream that answers like CareCloud in a fixed time, so that a benchmark measures the portal.

The sandbox recomputes balances from its ledger on every call (tens of ms of CPU), and the page's
concurrent reads queue on its one process: timing pages against it times the sandbox (docs/benchmarks.md,
"Measuring"). This proxy sits between the portal and a live sandbox: the first answer to each GET
(method, path, query, Accept-Language) is recorded from the sandbox, and every later one is
replayed from memory after exactly ``latency_ms``; writes (tokens, logins) are always forwarded,
also after the fixed latency. Every session of a benchmark is the demo customer, so recorded
answers are theirs. Threads per request, like a real API's frontend.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date",
               "server"}


class ReplayProxy:
    def __init__(self, upstream: str, latency_ms: int):
        self.upstream = upstream.rstrip("/")
        self.latency = latency_ms / 1000
        self.recorded: dict[tuple, tuple[int, list, bytes]] = {}
        self.lock = threading.Lock()
        self.calls = 0
        self.session = requests.Session()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed-ACK stall

            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                status, headers, content = proxy.answer(self.command, self.path, dict(self.headers), body)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, method: str, path: str, headers: dict, body: bytes | None):
        started = time.monotonic()
        with self.lock:
            self.calls += 1
        key = (method, path, headers.get("Accept-Language", ""))
        recorded = self.recorded.get(key) if method == "GET" else None
        if recorded is None:
            forwarded = {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")}
            response = self.session.request(method, self.upstream + path, headers=forwarded, data=body, timeout=30)
            recorded = (response.status_code,
                        [(k, v) for k, v in response.headers.items() if k.lower() not in HOP_HEADERS],
                        response.content)
            if method == "GET" and response.status_code == 200:
                with self.lock:
                    self.recorded[key] = recorded
        time.sleep(max(0.0, self.latency - (time.monotonic() - started)))
        return recorded

    def stop(self):
        self.server.shutdown()


def main() -> None:
    """``python -m benchmarks.replay UPSTREAM LATENCY_MS``: serve until killed; prints its URL."""
    import sys

    proxy = ReplayProxy(sys.argv[1], int(sys.argv[2]))
    print(proxy.url, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
