"""The sandbox's server (``runsandbox``): its answers are not held back by Nagle's algorithm, and the
database connection a client connection's thread opened is closed with the client's connection."""

import socket
import threading

import pytest
from django.core.servers.basehttp import WSGIRequestHandler

from portal.sandbox.management.commands import runsandbox


def test_an_answer_leaves_without_waiting_for_the_acknowledgement_of_its_headers():
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    accepted, _address = listener.accept()
    handler = runsandbox.QuietHandler.__new__(runsandbox.QuietHandler)
    handler.request = accepted
    try:
        handler.setup()  # what the server does with each connection it accepts
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        for stream in (getattr(handler, "rfile", None), getattr(handler, "wfile", None)):
            if stream is not None:
                stream.close()
        for sock in (accepted, client, listener):
            sock.close()


def test_the_threads_database_connection_is_closed_when_its_client_goes_even_on_an_error(monkeypatch):
    closed = []
    monkeypatch.setattr(runsandbox.connections, "close_all", lambda: closed.append(threading.get_ident()))

    def served(self):
        raise ConnectionResetError("the client went away")

    monkeypatch.setattr(WSGIRequestHandler, "handle", served)
    handler = runsandbox.QuietHandler.__new__(runsandbox.QuietHandler)
    with pytest.raises(ConnectionResetError):
        handler.handle()
    assert closed == [threading.get_ident()]
