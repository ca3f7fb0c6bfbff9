"""Only operators (active staff who are superusers or in the "operators" group) reach /admin/ and /admin/rq/.

Issue 13, finding 1: every signed-in user had been made staff, and django-rq's dashboard checks only staff,
so a postal-firm editor emptied the `feeds` queue.
"""

import importlib

import pytest
import redis
from django.contrib.auth.models import Group
from django.test import Client
from rq import Queue

from accounts.models import OrganisationKind, Role
from accounts.operators import OPERATORS_GROUP, is_operator
from tests import factories

pytestmark = pytest.mark.django_db

FEEDS_QUEUE_INDEX = 2  # RQ_QUEUES sorted by name: default, dispatch, feeds


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _postal_firm_editor(**extra):
    return factories.user(org=factories.organisation(OrganisationKind.POSTAL_FIRM), role=Role.EDITOR, **extra)


def _operator_in_group():
    user = factories.user(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=OPERATORS_GROUP)[0])
    return user


@pytest.fixture
def feeds_queue(redis_url, settings):
    """The rq dashboard's queues on the tests' Redis database, with one job waiting in `feeds`."""
    settings.RQ_QUEUES = {name: {"URL": redis_url, "DEFAULT_TIMEOUT": 60} for name in settings.MUA_QUEUES}
    queue = Queue("feeds", connection=redis.Redis.from_url(redis_url))
    queue.enqueue("builtins.print", "x")
    return queue


def test_a_staff_flag_alone_is_not_an_operator():
    assert not is_operator(_postal_firm_editor(is_staff=True))
    assert not is_operator(factories.user(is_superuser=True, is_staff=False))
    assert is_operator(_operator_in_group())
    assert is_operator(factories.user(is_staff=True, is_superuser=True))


@pytest.mark.parametrize("is_staff", [False, True], ids=["ordinary", "stray-staff-flag"])
def test_postal_firm_editor_cannot_empty_the_feeds_queue(feeds_queue, is_staff):
    client = _client_for(_postal_firm_editor(is_staff=is_staff))
    response = client.post(f"/admin/rq/queues/{FEEDS_QUEUE_INDEX}/empty/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login/")
    assert feeds_queue.count == 1


@pytest.mark.parametrize(
    "path",
    [
        "/admin/rq/",
        f"/admin/rq/queues/{FEEDS_QUEUE_INDEX}/",
        "/admin/rq/stats.json",
        "/admin/",
        "/admin/accounts/organisation/",
        "/admin/django_rq/dashboard/",
    ],
)
def test_non_operators_are_sent_to_the_operator_sign_in(path):
    client = _client_for(_postal_firm_editor(is_staff=True))
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    "make_operator", [_operator_in_group, lambda: factories.user(is_superuser=True, is_staff=True)]
)
def test_operators_can_empty_a_queue_and_open_the_admin(feeds_queue, make_operator):
    client = _client_for(make_operator())
    assert client.get("/admin/rq/").status_code == 200
    response = client.post(f"/admin/rq/queues/{FEEDS_QUEUE_INDEX}/empty/")
    assert response.status_code == 302
    assert feeds_queue.count == 0
    assert client.get("/admin/").status_code == 200


def test_admin_sign_in_form_refuses_staff_who_are_not_operators():
    _postal_firm_editor(username="vnpost.staff", is_staff=True)
    response = Client().post(
        "/admin/login/?next=/admin/", {"username": "vnpost.staff", "password": "pw-test-123"}
    )
    assert response.status_code == 200
    assert "Chỉ người vận hành" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_ordinary_users_sign_in_at_muas_own_sign_in_not_the_admin(settings):
    assert settings.LOGIN_URL == "login"
    _postal_firm_editor(username="vnpost.editor")
    client = Client()
    response = client.get("/content/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login/?next=/content/")
    response = client.post("/login/?next=/content/", {"username": "vnpost.editor", "password": "pw-test-123"})
    assert response.status_code == 302 and response.headers["Location"] == "/content/"
    assert client.get("/content/").status_code == 200


def test_seed_demo_makes_only_the_operator_staff(settings):
    from django.contrib.auth import get_user_model

    from demo.accounts import demo_seed

    demo_seed()
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"quantri"}


def test_migration_takes_the_staff_flag_from_everyone_but_operators():
    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0004_operators_group_no_staff_for_roles")
    editor = _postal_firm_editor(is_staff=True)
    operator = _operator_in_group()
    superuser = factories.user(is_staff=True, is_superuser=True)
    migration.forwards(apps, None)
    for user in (editor, operator, superuser):
        user.refresh_from_db()
    assert (editor.is_staff, operator.is_staff, superuser.is_staff) == (False, True, True)
