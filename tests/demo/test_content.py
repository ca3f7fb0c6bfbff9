import pytest
from django.core.management import call_command

from content.models import ContentItem, ItemStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_content_in_several_states_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    assert "content items: 5 created" in capsys.readouterr().out
    assert set(ContentItem.objects.values_list("status", flat=True)) == {
        ItemStatus.IN_REVIEW,
        ItemStatus.APPROVED,
        ItemStatus.PUBLISHED,
        ItemStatus.DRAFT,
        ItemStatus.CHANGES_REQUESTED,
    }
    items = ContentItem.objects.count()  # the five above, and the plan's themed items and bulletin
    call_command("seed_demo")
    assert "content items: 0 created" in capsys.readouterr().out
    assert ContentItem.objects.count() == items


def test_seed_demo_leaves_a_dic_an_approved_sms_and_an_audience_to_blast(settings):
    """So that the blast composer of `make run` has something to send."""
    from dispatch.models import Audience

    settings.DEBUG = True
    call_command("seed_demo")
    sms = ContentItem.objects.get(channel="sms", status=ItemStatus.APPROVED)
    assert Audience.objects.filter(organisation=sms.organisation).exists()
