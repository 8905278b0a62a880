"""A fast reset of the sandbox's data on SQLite: a copy of the freshly seeded database, put back.

Wiping every table and seeding again through the ORM takes about half a second; the tests reset
the sandbox before and after every test that changes its data (hundreds per run). On SQLite (the
sandbox's default, and what the tests use) the first reset seeds as before and keeps an in-memory
copy of the result (SQLite's online backup API); the next ones copy it back, page by page, which
takes milliseconds and gives the same rows, ids and sequences. On another database every reset
seeds, as before.

The demo data is dated relative to the moment it is seeded (messages sent days ago, vouchers
valid for some weeks, today's opening hours), so a copy is used for at most ``MAX_AGE`` seconds
and never on another local day than it was made: older, the reset seeds afresh and copies again.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from . import seed

MAX_AGE = 300  # seconds


@dataclass
class _Copy:
    database: sqlite3.Connection
    made: float  # time.monotonic()
    day: date


_lock = threading.Lock()
_copy: _Copy | None = None


def reset() -> None:
    """Wipe and re-seed the sandbox's data (from the recent copy where there is one)."""
    global _copy
    if connection.vendor != "sqlite":
        seed.reset()
        return
    with _lock:
        connection.ensure_connection()
        live = connection.connection
        fresh = _copy is not None and time.monotonic() - _copy.made < MAX_AGE and _copy.day == timezone.localdate()
        if fresh:
            _copy.database.backup(live)
            return
        seed.reset()
        database = sqlite3.connect(":memory:", check_same_thread=False)
        live.backup(database)
        if _copy is not None:
            _copy.database.close()
        _copy = _Copy(database=database, made=time.monotonic(), day=timezone.localdate())
