"""Failed sign-ins lock out per user name and per client address (issue 13, finding 10).

Before: 20 wrong passwords and then the right one signed in. Now, past MUA_LOGIN_FAILURE_LIMIT failures,
even the right password is refused until the cool-off ends, with a Vietnamese message, through Django's
authenticate() (every sign-in form calls it), Mùa's own sign-in page and the admin's.
"""

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory

from accounts.operators import OPERATORS_GROUP
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-123"


def _attempt(username, password, *, address="203.0.113.7", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    request = RequestFactory().post("/login/", REMOTE_ADDR=address, headers=headers)
    user = authenticate(request=request, username=username, password=password)
    return user, getattr(request, "axes_locked_out", False)


def _fail(times, username, **kw):
    for _ in range(times):
        assert _attempt(username, "wrong", **kw)[0] is None


def test_the_right_password_is_refused_once_a_user_is_locked_out(settings):
    factories.user("nhanvien")
    _fail(settings.AXES_FAILURE_LIMIT, "nhanvien")
    user, locked = _attempt("nhanvien", PASSWORD)
    assert user is None and locked


def test_a_user_locked_from_one_address_is_locked_from_every_address(settings):
    factories.user("nhanvien")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(1, "nhanvien", address=f"198.51.100.{n + 1}")
    assert _attempt("nhanvien", PASSWORD, address="192.0.2.50") == (None, True)


def test_an_address_guessing_many_users_is_locked_for_every_user(settings):
    factories.user("nhanvien")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(1, f"khong-ton-tai-{n}", address="203.0.113.9")
    assert _attempt("nhanvien", PASSWORD, address="203.0.113.9") == (None, True)
    user, locked = _attempt("nhanvien", PASSWORD, address="192.0.2.50")
    assert user is not None and not locked


def test_fewer_failures_than_the_limit_then_the_right_password_signs_in(settings):
    factories.user("nhanvien")
    _fail(settings.AXES_FAILURE_LIMIT - 1, "nhanvien")
    assert _attempt("nhanvien", PASSWORD)[0] is not None


def test_the_lockout_ends_after_the_cool_off(settings):
    factories.user("nhanvien")
    with time_machine.travel("2026-03-02 08:00 +0700", tick=False) as clock:
        _fail(settings.AXES_FAILURE_LIMIT, "nhanvien")
        assert _attempt("nhanvien", PASSWORD)[1]
        clock.shift(settings.AXES_COOLOFF_TIME.total_seconds() + 60)
        assert _attempt("nhanvien", PASSWORD)[0] is not None


def test_a_forged_x_forwarded_for_does_not_escape_the_address_lockout(settings):
    """With no trusted proxy the header is ignored: rotating it changes nothing."""
    factories.user("nhanvien")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(1, f"doan-{n}", address="203.0.113.9", forwarded=f"10.0.0.{n}")
    assert _attempt("nhanvien", PASSWORD, address="203.0.113.9", forwarded="10.9.9.9") == (None, True)


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_apart(settings):
    settings.MUA_TRUSTED_PROXIES = ["127.0.0.1"]
    factories.user("nhanvien")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(1, f"doan-{n}", address="127.0.0.1", forwarded="203.0.113.9")
    assert _attempt("nhanvien", PASSWORD, address="127.0.0.1", forwarded="203.0.113.9")[1]
    user, locked = _attempt("nhanvien", PASSWORD, address="127.0.0.1", forwarded="198.51.100.4")
    assert user is not None and not locked


def _post_form(client, path, username, password):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR="203.0.113.7")


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_sign_in_forms_answer_429_with_a_vietnamese_message_when_locked(settings, path):
    operator = factories.user("vanhanh", is_staff=True)
    operator.groups.add(Group.objects.get_or_create(name=OPERATORS_GROUP)[0])
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_form(client, path, "vanhanh", "wrong").status_code == 200
    assert _post_form(client, path, "vanhanh", "wrong").status_code == 429  # the failure that locks
    response = _post_form(client, path, "vanhanh", PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Đăng nhập tạm thời bị khoá" in text and "15 phút" in text
    assert "_auth_user_id" not in client.session
