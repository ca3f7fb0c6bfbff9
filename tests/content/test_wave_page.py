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


def test_the_content_form_offers_waves_by_name_product_province_and_dates():
    import datetime as dt

    import time_machine

    editor = factories.user("dic24b", org=factories.dic("24"), role=Role.EDITOR)
    wave = factories.campaign(
        province_code="24", title="Vải thiều Lục Ngạn 2026", harvest_start=dt.date(2026, 6, 1)
    )
    factories.campaign(province_code="24", title="Đợt đã qua", harvest_start=dt.date(2025, 6, 1))
    client = Client()
    client.force_login(editor)
    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.UTC), tick=False):
        html = client.get("/content/items/new/").content.decode()
    assert 'list="wave-choices"' in html and "Số đợt truyền thông" not in html
    assert '<option value="Vải thiều Lục Ngạn 2026 · ' in html and "01/06–01/07/2026" in html
    assert f'<option value="{wave.pk}"' not in html
    assert "Đợt đã qua" not in html


def test_the_wave_page_itself_shows_items_with_states_and_weeks_against_the_target():
    import datetime as dt

    from content.models import Publication

    dic = factories.dic("24")
    editor = factories.user("dic24c", org=dic, role=Role.EDITOR)
    wave = factories.campaign(
        province_code="24",
        title="Vải thiều",
        harvest_start=dt.date(2026, 6, 1),
        harvest_end=dt.date(2026, 6, 14),
        news_per_week=1,
    )
    item = factories.content_item(author=editor, org=dic, title="Bản tin vải", campaign=wave.pk)
    Publication.objects.create(
        campaign=wave,
        item=item,
        revision=item.current_revision,
        channel="press_online",
        outlet="Báo Bắc Giang",
        published_at=dt.datetime(2026, 6, 2, 3, tzinfo=dt.UTC),
        iso_week="2026-W23",
    )
    client = Client()
    client.force_login(editor)
    html = client.get(f"/campaigns/{wave.pk}/").content.decode()
    assert 'id="wave-items"' in html and "Bản tin vải" in html and "Bản nháp" in html
    # Harvest 1–14 June spans ISO weeks 23 and 24: one met (a publication), one not.
    assert "Tuần 23/2026" in html and "Tuần 24/2026" in html
    assert html.count(">Đạt<") == 1 and html.count(">Không đạt<") == 1
    assert "đạt chỉ tiêu 1 tin/tuần ở 1 trên 2 tuần" in html
    assert f'href="/content/waves/{wave.pk}/publications/"' in html


def test_the_content_form_saves_the_wave_chosen_by_label_and_refuses_a_number():
    import datetime as dt

    import time_machine

    from campaigns.picker import wave_label
    from content.models import ContentItem

    dic = factories.dic("24")
    editor = factories.user("dic24d", org=dic, role=Role.EDITOR)
    wave = factories.campaign(province_code="24", title="Na Lục Nam", harvest_start=dt.date(2026, 8, 1))
    client = Client()
    client.force_login(editor)
    data = {
        "title": "Na vào mùa",
        "channel": "press_online",
        "audience": "farm_households",
        "language": "vi",
        "body": "Na Lục Nam lên sàn.",
    }
    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.UTC), tick=False):
        refused = client.post("/content/items/new/", {**data, "campaign": str(wave.pk)})
        assert refused.status_code == 200 and "Không tìm thấy đợt" in refused.content.decode()
        saved = client.post("/content/items/new/", {**data, "campaign": wave_label(wave)})
    assert saved.status_code == 302
    assert ContentItem.objects.get(title="Na vào mùa").campaign_id == wave.pk


def test_a_week_not_over_is_not_counted_as_missed():
    import datetime as dt

    from content.waves import wave_weeks

    wave = factories.campaign(
        province_code="24", harvest_start=dt.date(2026, 6, 1), harvest_end=dt.date(2026, 6, 20)
    )
    weeks = wave_weeks(wave, today=dt.date(2026, 6, 10))  # Wednesday of ISO week 24
    assert [(w.week, w.state) for w in weeks] == [
        ("2026-W23", "missed"),
        ("2026-W24", "open"),
        ("2026-W25", "open"),
    ]


def test_a_viewer_who_may_not_draft_is_not_offered_to():
    wave = factories.campaign(province_code="24")
    viewer = factories.user("xem24", org=factories.dic("24"), role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    html = client.get(f"/campaigns/{wave.pk}/").content.decode()
    assert 'id="draft-for-wave"' not in html and 'id="wave-content"' in html
