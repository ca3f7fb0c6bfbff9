"""Settings for the test suite: the project's own, with DEBUG set explicitly and a per-process cache.

DEBUG defaults to off (production); the tests ask for the development key and hosts, as `make run` does.
An exported REDIS_URL is a developer's or CI's Redis: the cache stays in memory unless a test asks for the
tests' own Redis database (the `redis_cache` fixture).
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: E402,F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": "mua-test"}}

# Hashing is not under test here; the production hasher costs ~1 s per password on a shared CI core.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# `collectstatic` never runs for the tests, so settings.STATIC_ROOT (staticfiles/) is missing and WhiteNoise
# warned "No directory at: …/staticfiles/" each time a test client built the middleware. An empty
# directory of the tests' own keeps what is served the same (nothing from STATIC_ROOT) without the warning.
STATIC_ROOT = Path(tempfile.gettempdir()) / "mua-tests-static-root"
STATIC_ROOT.mkdir(exist_ok=True)
