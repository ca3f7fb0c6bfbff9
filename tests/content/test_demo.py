import pytest
from django.core.management import call_command

from content.models import ContentItem, ItemStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_content_in_several_states_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    assert "content items: 4 created" in capsys.readouterr().out
    assert set(ContentItem.objects.values_list("status", flat=True)) == {
        ItemStatus.IN_REVIEW,
        ItemStatus.PUBLISHED,
        ItemStatus.DRAFT,
        ItemStatus.CHANGES_REQUESTED,
    }
    call_command("seed_demo")
    assert "content items: 0 created" in capsys.readouterr().out
    assert ContentItem.objects.count() == 4
