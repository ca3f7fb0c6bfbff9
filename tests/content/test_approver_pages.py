"""The approver's and editor's pages read naturally (issue 15, part 2): the item page's comparison choice,
breadcrumbs that lead where the reader came from, and days and times asked as dd/mm/yyyy and 24-hour hh:mm
instead of a native box Chromium shows in the browser's own locale (mm/dd/yyyy on an English system)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from content.forms import ItemForm, PublicationForm
from content.services import content_submit, content_update, review_decide
from tests import factories
from tests.factories import actor

pytestmark = pytest.mark.django_db


browser = factories.signed_in


def _crumbs(page: str) -> list[str]:
    trail = page.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", trail)]


def _returned_after_approval(author, approver):
    item = factories.content_item(author=author, title="Vải thiều", body="Giá 40.000đ một cân.")
    content_submit(actor=actor(author), item=item)
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)
    content_update(actor=actor(author), item=item, body="Giá 45.000đ một cân.")
    content_submit(actor=actor(author), item=item)
    review_decide(
        actor=actor(approver), item=item, decision="request_changes", revision_number=2, comment="x"
    )
    content_update(actor=actor(author), item=item, body="Giá 45.000đ một cân, bán trên postmart.vn.")
    content_submit(actor=actor(author), item=item)
    item.refresh_from_db()
    return item


def test_item_page_offers_both_comparisons_as_a_choice_with_the_reviewed_one_checked(author, approver):
    item = _returned_after_approval(author, approver)
    client = browser(approver)
    page = client.get(f"/content/items/{item.pk}/").content.decode()
    form = page.split('id="compare-form"', 1)[1].split("</form>", 1)[0]
    assert "<legend>So sánh với</legend>" in form
    assert re.search(r'id="against-reviewed"\s+checked', form) and "(v2)" in form
    assert 'id="against-approved">' in form and "(v1)" in form
    page = client.get(f"/content/items/{item.pk}/", {"against": "approved"}).content.decode()
    assert re.search(r'id="against-approved"\s+checked', page) and "<del>40</del><ins>45</ins>" in page


def test_a_comparison_not_on_offer_falls_back_to_the_one_that_is(author, approver):
    item = factories.content_item(author=author, body="Bản đầu")
    content_submit(actor=actor(author), item=item)
    review_decide(
        actor=actor(approver), item=item, decision="request_changes", revision_number=1, comment="x"
    )
    content_update(actor=actor(author), item=item, body="Bản sau")
    content_submit(actor=actor(author), item=item)
    page = browser(approver).get(f"/content/items/{item.pk}/?against=approved").content.decode()
    assert "Thay đổi so với phiên bản đã thẩm định v1" in page and 'id="against-approved"' not in page


def test_approver_item_page_leads_back_to_the_queue_not_to_my_content(author, approver):
    item = factories.content_item(author=author, title="Bài chờ duyệt")
    content_submit(actor=actor(author), item=item)
    crumbs = _crumbs(browser(approver).get(f"/content/items/{item.pk}/").content.decode())
    assert crumbs == ["Trang chủ", "Hàng chờ thẩm định", "Bài chờ duyệt"]
    # The author still comes from their own content.
    crumbs = _crumbs(browser(author).get(f"/content/items/{item.pk}/").content.decode())
    assert crumbs == ["Trang chủ", "Nội dung của tôi", "Bài chờ duyệt"]


def test_wave_publications_page_sits_under_the_calendar_and_its_wave(author):
    wave = factories.campaign(title="Vải thiều Lục Ngạn 2026")
    crumbs = _crumbs(browser(author).get(f"/content/waves/{wave.pk}/publications/").content.decode())
    assert crumbs == ["Trang chủ", "Lịch chiến dịch", "Vải thiều Lục Ngạn 2026", "Bài đã đăng"]


def test_item_form_asks_day_and_time_as_text_in_vietnamese_order(author):
    page = browser(author).get("/content/items/new/").content.decode()
    assert 'type="datetime-local"' not in page and 'type="date"' not in page
    assert 'name="planned_on"' in page and 'placeholder="dd/mm/yyyy"' in page
    assert 'name="planned_time"' in page and 'placeholder="hh:mm"' in page
    assert 'aria-describedby="id_planned_on_helptext"' in page and "ví dụ 25/12/2026" in page


def test_day_and_time_join_into_vietnam_time_and_an_existing_time_is_shown_back(author):
    base = {"title": "T", "channel": "press_online", "audience": "farm_households", "language": "vi"}
    form = ItemForm({**base, "body": "B", "planned_on": "25/12/2026", "planned_time": "7h30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["planned_at"] == dt.datetime(2026, 12, 25, 0, 30, tzinfo=dt.UTC)
    assert "planned_on" not in form.cleaned_data and "planned_time" not in form.cleaned_data
    assert ItemForm({**base, "body": "B"}).is_valid()  # no planned time: allowed, left empty
    half = ItemForm({**base, "body": "B", "planned_on": "25/12/2026"})
    assert not half.is_valid() and half.errors["planned_time"] == ["Hãy ghi cả giờ."]
    wrong = ItemForm({**base, "body": "B", "planned_on": "12/25/2026", "planned_time": "08:00"})
    assert not wrong.is_valid() and "ngày/tháng/năm" in wrong.errors["planned_on"][0]
    shown = ItemForm(initial={"planned_at": dt.datetime(2026, 12, 25, 0, 30, tzinfo=dt.UTC)})
    html = str(shown["planned_on"]) + str(shown["planned_time"])
    assert 'value="25/12/2026"' in html and 'value="07:30"' in html


def test_publication_form_needs_both_day_and_time():
    assert not PublicationForm({"outlet": "VTV1", "published_on": "02/03/2026"}).is_valid()
    form = PublicationForm({"outlet": "VTV1", "published_on": "02/03/2026", "published_time": "20:00"})
    assert form.is_valid() and form.cleaned_data["published_at"] == timezone.make_aware(
        dt.datetime(2026, 3, 2, 20, 0)
    )


def test_approved_item_page_warns_before_the_edit_and_the_save_asks_again(author, approver):
    item = factories.content_item(author=author, body="Bản đã duyệt")
    content_submit(actor=actor(author), item=item)
    review_decide(actor=actor(approver), item=item, decision="approve", revision_number=1)
    client = browser(author)
    page = client.get(f"/content/items/{item.pk}/").content.decode()
    assert 'id="reopen-hint"' in page and "phải gửi thẩm định lại" in page
    page = client.get(f"/content/items/{item.pk}/edit/").content.decode()
    save = page.split('id="save"', 1)[1].split("</button>", 1)[0]
    assert "data-confirm=" in save and "Lưu thành bản nháp mới" in save
    draft = factories.content_item(author=author)
    page = client.get(f"/content/items/{draft.pk}/").content.decode()
    assert "reopen-hint" not in page
    assert (
        "data-confirm"
        not in client.get(f"/content/items/{draft.pk}/edit/")
        .content.decode()
        .split('id="save"', 1)[1]
        .split("</button>", 1)[0]
    )
