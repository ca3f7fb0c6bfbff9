"""The one client-address rule and throttles that hold across processes (issue 13, finding 10)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from core.throttle import client_address, throttle_allow

ROOT = Path(__file__).resolve().parents[2]


def _request(remote="203.0.113.7", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def test_x_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.MUA_TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_x_forwarded_for_is_ignored_from_an_untrusted_peer(settings):
    settings.MUA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client(settings):
    settings.MUA_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    # The client itself wrote "6.6.6.6" (forged); 198.51.100.4 is what the trusted proxy saw.
    request = _request("127.0.0.1", "6.6.6.6, 198.51.100.4, 10.1.2.3")
    assert client_address(request) == "198.51.100.4"


def test_garbage_in_the_header_falls_back_to_the_last_trusted_hop(settings):
    settings.MUA_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("127.0.0.1", "not-an-address")) == "127.0.0.1"


def test_a_request_without_an_address_has_none():
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) is None


@pytest.mark.redis
def test_throttle_counts_are_shared_through_redis_across_cache_connections(redis_cache):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    for _ in range(3):
        assert throttle_allow(key="t:shared", limit=3)
    # A second, independent connection (another process's cache) sees the same count.
    other = RedisCache(redis_cache, {"KEY_PREFIX": caches["default"].key_prefix})
    assert other.get("throttle:t:shared") == 3
    assert not throttle_allow(key="t:shared", limit=3)


OPTOUT_PROCESS = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.test import Client
client = Client(REMOTE_ADDR="203.0.113.7")
codes = [client.post("/tu-choi-tin-nhan/", {"phone": "x"}).status_code for _ in range(int(sys.argv[1]))]
print(" ".join(map(str, codes)))
"""


def _optout_process(redis_url, posts):
    env = {**os.environ, "DEBUG": "true", "REDIS_URL": redis_url, "ALLOWED_HOSTS": "testserver"}
    result = subprocess.run(
        [sys.executable, "-c", OPTOUT_PROCESS, str(posts)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return [int(code) for code in result.stdout.split()]


@pytest.mark.redis
def test_the_opt_out_limit_holds_across_two_processes(redis_cache, settings):
    """Two web processes, one limit: the 11th POST of the hour from one address is a 429 in either."""
    limit = settings.MUA_OPTOUT_RATE_PER_HOUR
    assert _optout_process(redis_cache, limit) == [200] * limit
    assert _optout_process(redis_cache, 2) == [429, 429]
