import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded import files go to a per-test directory, never the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _inline_queue(settings):
    """Jobs run inline unless a test asks for the real Redis (`redis_url`, which sets REDIS_URL itself):
    a test must never enqueue into the queues of a developer's running worker."""
    from config.queues import _connection

    settings.REDIS_URL = ""
    _connection.cache_clear()
    yield
    _connection.cache_clear()
