"""The calendar-subscription page: an organisation's editor creates, replaces and revokes its secret .ics
link; the link is shown once; a revoked link is a 404; nobody else can touch the organisation's links."""

import pytest
from django.test import Client

from accounts.models import Role
from campaigns.models import CalendarToken
from tests import factories

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return client


def shown_links(html: str) -> list[str]:
    import re

    return re.findall(r'class="wide feed-url" id="feed-\d+" value="([^"]+)"', html)


@pytest.fixture
def dic():
    return factories.dic("24")


@pytest.fixture
def editor(dic):
    return factories.user("so.bg", org=dic, role=Role.EDITOR)


def test_creating_a_link_shows_it_once_for_the_country_and_both_maps(dic, editor):
    client = signed_in(editor)
    response = client.post("/campaigns/subscribe/new/", {"organisation": dic.pk, "name": "Phòng TTĐT"})
    assert response.status_code == 302
    page = client.get("/campaigns/subscribe/").content.decode()
    links = shown_links(page)
    unit = dic.province.successor
    assert len(links) == 3 and links[0].endswith("/national.ics")
    assert links[1].endswith("/2022/24.ics") and links[2].endswith(f"/2025/{unit.code}.ics")
    assert "Google Calendar" in page and "Outlook" in page and "iPhone" in page and "Android" in page
    # The feed works with the new secret, and the secret is never shown again.
    path = links[1].split("testserver", 1)[1]
    feed = Client().get(path)
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.content
    assert shown_links(client.get("/campaigns/subscribe/").content.decode()) == []
    token = CalendarToken.objects.get(organisation=dic)
    assert token.name == "Phòng TTĐT" and token.created_by == editor


def test_revoking_stops_the_old_link_and_records_who(dic, editor):
    client = signed_in(editor)
    client.post("/campaigns/subscribe/new/", {"organisation": dic.pk})
    old = shown_links(client.get("/campaigns/subscribe/").content.decode())[0].split("testserver", 1)[1]
    token = CalendarToken.objects.get(organisation=dic)
    client.post(f"/campaigns/subscribe/{token.pk}/revoke/", {"action": "revoke"})
    token.refresh_from_db()
    assert not token.is_active and token.revoked_by == editor
    assert Client().get(old).status_code == 404
    page = client.get("/campaigns/subscribe/").content.decode()
    assert "Chưa có liên kết nào đang dùng." in page and "thu hồi lúc" in page


def test_replacing_a_link_revokes_the_old_one_and_the_new_one_works(dic, editor):
    client = signed_in(editor)
    client.post("/campaigns/subscribe/new/", {"organisation": dic.pk, "name": "lịch"})
    old = shown_links(client.get("/campaigns/subscribe/").content.decode())[0].split("testserver", 1)[1]
    token = CalendarToken.objects.get(organisation=dic)
    client.post(f"/campaigns/subscribe/{token.pk}/revoke/", {"action": "rotate"})
    new = shown_links(client.get("/campaigns/subscribe/").content.decode())[0].split("testserver", 1)[1]
    assert new != old
    assert Client().get(old).status_code == 404 and Client().get(new).status_code == 200
    assert CalendarToken.objects.filter(organisation=dic, revoked_at__isnull=True).count() == 1


def test_another_organisations_user_cannot_revoke_or_see_the_link(dic, editor):
    signed_in(editor).post("/campaigns/subscribe/new/", {"organisation": dic.pk})
    token = CalendarToken.objects.get(organisation=dic)
    stranger = factories.user("so.hn", org=factories.dic("01"), role=Role.ADMIN)
    client = signed_in(stranger)
    assert client.post(f"/campaigns/subscribe/{token.pk}/revoke/", {"action": "revoke"}).status_code == 404
    assert client.post("/campaigns/subscribe/new/", {"organisation": dic.pk}).status_code == 302
    token.refresh_from_db()
    assert token.is_active and CalendarToken.objects.filter(organisation=dic).count() == 1
    assert f'data-token="{token.pk}"' not in client.get("/campaigns/subscribe/").content.decode()


def test_a_viewer_of_the_organisation_sees_the_links_but_cannot_manage_them(dic, editor):
    signed_in(editor).post("/campaigns/subscribe/new/", {"organisation": dic.pk})
    token = CalendarToken.objects.get(organisation=dic)
    viewer = signed_in(factories.user("xem", org=dic, role=Role.VIEWER))
    page = viewer.get("/campaigns/subscribe/").content.decode()
    assert f'data-token="{token.pk}"' in page and "Tạo liên kết mới" not in page
    response = viewer.post(f"/campaigns/subscribe/{token.pk}/revoke/", {"action": "revoke"}, follow=True)
    assert "Bạn cần vai trò" in response.content.decode()
    token.refresh_from_db()
    assert token.is_active


def test_the_forms_are_csrf_protected(dic, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post("/campaigns/subscribe/new/", {"organisation": dic.pk}).status_code == 403
    assert not CalendarToken.objects.exists()


def test_the_page_is_in_the_menu_of_those_who_plan(editor):
    html = signed_in(editor).get("/campaigns/").content.decode()
    assert 'href="/campaigns/subscribe/"' in html


def test_the_instructions_are_in_english_too(editor):
    client = signed_in(editor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/campaigns/subscribe/", headers={"accept-language": "en"}).content.decode()
    assert "How to add it to your calendar" in page and "Add Subscribed Calendar" in page
    assert "Cách thêm vào lịch" not in page
