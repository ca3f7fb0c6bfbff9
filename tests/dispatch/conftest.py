import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded import files go to a per-test directory, never the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_answers():
    """Each test starts with no recorded provider answers (the share of 429s that sets how hard a 429
    cuts a sender's rate is kept per process)."""
    from dispatch.blasts import ratelimit

    ratelimit.forget_answers()
    yield
    ratelimit.forget_answers()


@pytest.fixture
def sms(settings):
    """The locmem backend, no rate limit, sending hours all day (tests must not depend on the clock)."""
    import datetime as dt

    from dispatch.blasts.backends import simple

    settings.SMS_BACKEND = "locmem"
    settings.SMS_RATE_PER_SECOND = 0
    settings.SMS_RETRY_BACKOFF_SECONDS = 0
    settings.MUA_SMS_SEND_FROM = dt.time(0, 0)
    settings.MUA_SMS_SEND_UNTIL = dt.time(23, 59, 59, 999999)
    simple.outbox.clear()
    yield simple.outbox
    simple.outbox.clear()


@pytest.fixture
def fake_twilio(settings):
    """The fake Twilio on loopback, with the twilio backend pointed at it."""
    import datetime as dt

    from dispatch.testing.fake_twilio import FakeTwilio

    server = FakeTwilio(auth_token="test-token").start()
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    settings.TWILIO_AUTH_TOKEN = "test-token"
    settings.TWILIO_API_BASE_URL = server.url
    settings.TWILIO_TIMEOUT = 2
    settings.SMS_RATE_PER_SECOND = 0
    settings.SMS_RETRY_BACKOFF_SECONDS = 0
    settings.MUA_SMS_SEND_FROM = dt.time(0, 0)
    settings.MUA_SMS_SEND_UNTIL = dt.time(23, 59, 59, 999999)
    yield server
    server.stop()
