import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded import files go to a per-test directory, never the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
