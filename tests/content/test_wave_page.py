"""A wave's content page: the items drafted for it with their states, weeks against its target."""

import pytest
from django.test import Client

from accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_wave_page_lists_its_items_with_states_and_offers_a_draft_for_it():
    dic = factories.dic("24")
    editor = factories.user("dic24", org=dic, role=Role.EDITOR)
    wave = factories.campaign(province_code="24", title="Vải thiều")
    factories.content_item(author=editor, org=dic, title="Bài cho đợt", campaign=wave.pk)
    factories.content_item(author=editor, org=dic, title="Bài khác")
    client = Client()
    client.force_login(editor)
    html = client.get(f"/content/waves/{wave.pk}/publications/").content.decode()
    assert "Bài cho đợt" in html and "Bản nháp" in html and "Bài khác" not in html
    assert f'href="/content/items/new/?campaign={wave.pk}"' in html
    assert "Chỉ tiêu 2 tin/tuần" in html or "tin/tuần" in html


def test_items_of_other_organisations_stay_hidden_on_the_wave_page():
    wave = factories.campaign(province_code="24")
    other = factories.user("firm", org=factories.organisation("postal_firm"), role=Role.EDITOR)
    factories.content_item(author=other, title="Bài của công ty", campaign=wave.pk)
    viewer = factories.user("dic", org=factories.dic("01"), role=Role.EDITOR)  # another province
    client = Client()
    client.force_login(viewer)
    assert "Bài của công ty" not in client.get(f"/content/waves/{wave.pk}/publications/").content.decode()
