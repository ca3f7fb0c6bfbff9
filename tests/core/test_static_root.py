"""The test settings give WhiteNoise a static root that exists, so building the middleware stays quiet."""

import warnings

import pytest
from django.conf import settings
from django.test import Client


def test_the_tests_static_root_exists_and_is_not_the_production_one():
    assert settings.STATIC_ROOT.is_dir()
    assert settings.STATIC_ROOT.name != "staticfiles"


@pytest.mark.django_db
def test_a_request_builds_the_middleware_without_a_whitenoise_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Client().get("/login/").status_code == 200
