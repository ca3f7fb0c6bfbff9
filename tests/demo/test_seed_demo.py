import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_programme_organisations_and_users(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Organisation.objects.filter(kind="dic").count() == 63
    assert set(Organisation.objects.exclude(kind="dic").values_list("kind", flat=True)) == {
        "postal_department",
        "working_group",
        "postal_firm",
        "agency",
    }
    assert Organisation.objects.filter(kind="postal_firm").count() == 2
    assert Organisation.objects.filter(kind="agency").count() == 4
    assert set(Membership.objects.values_list("role", flat=True)) == {"viewer", "editor", "approver", "admin"}
    assert "pheduyet" in out and "mua-demo-2022" in out
    assert get_user_model().objects.get(username="pheduyet").check_password("mua-demo-2022")


def test_seed_demo_twice_creates_nothing_new(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Organisation.objects.count(), get_user_model().objects.count(), Membership.objects.count())
    capsys.readouterr()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "organisations: 0 created; users: 0 created; memberships: 0 created" in out
    assert "contacts: 0 created" in out
    assert counts == (
        Organisation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert Organisation.objects.count() == 0
    call_command("seed_demo", force=True)
    assert Organisation.objects.count() == 71
