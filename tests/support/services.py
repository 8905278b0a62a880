"""The machine's PostgreSQL and Redis for the tests that need a real database or a shared cache.

They answer on 127.0.0.1:5432 (trust authentication) and 127.0.0.1:6379 where the project runs
(and in CI). A developer without them sees those tests skip with the reason; in CI (``CI=true``)
a missing service FAILS the run with a clear message, so that the scale-out guarantees are never
silently untested.
"""

from __future__ import annotations

import os
import uuid

import pytest

PG_DSN = os.environ.get("TEST_POSTGRES_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _unavailable(what: str, error: Exception) -> None:
    message = f"{what} is not answering ({type(error).__name__}: {error})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; CI runs the scale-out tests against the machine's own services.")
    pytest.skip(message + "; start it to run these tests.")


def postgres_database():
    """A fresh, uniquely named PostgreSQL database (its URL); dropped again when the generator closes."""
    import psycopg

    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(PG_DSN, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        _unavailable("PostgreSQL on 127.0.0.1:5432", error)
    try:
        yield f"{PG_URL}/{name}"
    finally:
        with psycopg.connect(PG_DSN, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_cache() -> tuple[str, str]:
    """The Redis URL and a unique key prefix (so runs sharing the server never meet)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        _unavailable("Redis on 127.0.0.1:6379", error)
    return REDIS_URL, f"test-{uuid.uuid4().hex[:10]}"
