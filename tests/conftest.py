"""Shared fixtures. Services are real where they are up: PostgreSQL via DATABASE_URL, Redis via REDIS_URL.

With MUA_REQUIRE_SERVICES=1 (set by .ci/run) a missing PostgreSQL or Redis fails the run instead of
skipping: CI must never pass by skipping.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from tests.factories import ApiClient

REQUIRE_SERVICES = os.environ.get("MUA_REQUIRE_SERVICES") == "1"
# Tests use their own Redis database so they never touch a dev server's queues.
TEST_REDIS_DB = int(os.environ.get("MUA_TEST_REDIS_DB", "15"))


def pytest_sessionstart(session):
    """The English catalogue is compiled in the set-up (make run / make test); bare pytest does too."""
    from django.conf import settings

    from core.catalogue import compile_catalogue

    compile_catalogue(settings.BASE_DIR)


def pytest_report_header(config):
    redis_url = os.environ.get("REDIS_URL") or "(unset: Redis tests skipped)"
    database = os.environ.get("DATABASE_URL") or "(unset: SQLite)"
    return [f"mua: DATABASE_URL={database}", f"mua: REDIS_URL={redis_url}"]


@pytest.fixture(scope="session", autouse=True)
def _services_required(django_db_setup, django_db_blocker):
    if REQUIRE_SERVICES and connection.vendor != "postgresql":
        pytest.exit(
            f"MUA_REQUIRE_SERVICES=1 but the database is {connection.vendor}, not PostgreSQL", returncode=3
        )


def _redis_test_url() -> str | None:
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{TEST_REDIS_DB}", parts.query, parts.fragment))


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Each test starts in Vietnamese: a request in English leaves its language active in the thread."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def _inline_queue_by_default(settings):
    """Tests run jobs inline unless they ask for `redis_url`: an exported REDIS_URL is a developer's queue."""
    from core.queues import forget_connections

    settings.REDIS_URL = ""
    forget_connections()
    yield
    forget_connections()


@pytest.fixture
def redis_url(settings, _inline_queue_by_default):
    """A real Redis (REDIS_URL, database 15, flushed), with settings.REDIS_URL pointing at it."""
    import redis

    from core.queues import forget_connections

    url = _redis_test_url()
    reason = "REDIS_URL is not set" if url is None else None
    if url is not None:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            reason = f"Redis at {url} is unreachable: {exc}"
    if reason:
        if REQUIRE_SERVICES:
            pytest.fail(f"MUA_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(f"needs a real Redis: {reason}")
    conn = redis.Redis.from_url(url)
    conn.flushdb()
    settings.REDIS_URL = url
    forget_connections()
    yield url
    conn.flushdb()
    forget_connections()


@pytest.fixture
def api(db):
    return ApiClient()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counters (the in-memory cache) never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_cache(redis_url, settings):
    """Django's cache on the tests' real Redis database, as in production: shared by every process."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": settings.MUA_CACHE_KEY_PREFIX,
        }
    }
    yield redis_url


@pytest.fixture
def reference_data(transactional_db):
    """Provinces and seasons for a transactional test (an earlier one's flush may have emptied them)."""
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)
