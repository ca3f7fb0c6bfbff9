import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from accounts.models import Role
from content.models import ContentItem, ItemStatus, Review
from tests import factories

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/content/items"


def session(user):
    client = factories.ApiClient()
    client.force_login(user)
    return client


@pytest.fixture
def firm():
    return factories.organisation("postal_firm", code="vnpost-t")


@pytest.fixture
def author(firm):
    return factories.user("vnpost.editor", org=firm, role=Role.EDITOR, email="ed@vnpost.test")


@pytest.fixture
def approver():
    return factories.approver("pd.approver")


def new_item(client, **overrides):
    payload = {
        "channel": "press_online",
        "audience": "domestic_consumers",
        "title": "Vải thiều lên sàn",
        "body": "Vải thiều Lục Ngạn có mặt trên postmart.vn.",
        **overrides,
    }
    return client.post(ITEMS, payload)


def test_full_approve_cycle_through_the_api(author, approver):
    writer, decider = session(author), session(approver)
    created = new_item(writer)
    assert created.status_code == 201, created.json()
    item = created.json()
    assert item["organisation"] == "vnpost-t" and item["current_revision"]["number"] == 1
    url = f"{ITEMS}/{item['id']}"

    assert writer.post(f"{url}/submit").json()["revision"] == 1
    queue = decider.get("/api/v1/content/queue").json()
    assert queue["counts"]["total"] == 1 and queue["items"][0]["id"] == item["id"]

    back = decider.post(
        f"{url}/reviews", {"decision": "request_changes", "revision": 1, "comment": "Ghi giá bán lẻ"}
    )
    assert back.status_code == 200 and back.json()["decision"] == "request_changes"
    edit = writer.patch(f"{url}", {"body": "Vải thiều Lục Ngạn 45.000đ/kg trên postmart.vn."})
    assert edit.json()["revision_created"] is True and edit.json()["item"]["current_revision"]["number"] == 2
    writer.post(f"{url}/submit")
    approve = decider.post(f"{url}/reviews", {"decision": "approve", "revision": 2})
    assert approve.status_code == 200
    assert writer.get(url).json()["status"] == "approved"
    assert decider.get("/api/v1/content/queue").json()["counts"]["total"] == 0

    published = writer.post(
        f"{url}/publications",
        {
            "outlet": "Báo VnExpress",
            "url": "https://vnexpress.net/a",
            "published_at": "2026-03-02T08:00:00+07:00",
        },
    )
    assert published.status_code == 201 and published.json()["iso_week"] == "2026-W10"
    assert writer.get(url).json()["status"] == "published"
    assert [r["number"] for r in writer.get(f"{url}/revisions").json()] == [1, 2]
    assert [r["decision"] for r in writer.get(f"{url}/reviews").json()] == ["approve", "request_changes"]
    actions = [a["action"] for a in writer.get(f"{url}/audit").json()]
    assert actions == ["create", "submit", "request_changes", "submit", "approve", "publish"]


def test_audit_log_exports_as_csv(author, approver):
    item = factories.content_item(author=author)
    response = session(author).get(f"{ITEMS}/{item.pk}/audit.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["item", "at", "actor", "action", "from_status", "to_status", "revision", "comment"]
    assert rows[1][2:7] == ["vnpost.editor", "create", "", "draft", "1"]


def test_an_identical_patch_makes_no_revision(author):
    client = session(author)
    item = new_item(client).json()
    same = client.patch(f"{ITEMS}/{item['id']}", {"body": item["current_revision"]["body"]})
    assert same.json()["revision_created"] is False
    assert ContentItem.objects.get(pk=item["id"]).revisions.count() == 1


def test_self_approval_is_403_and_changes_nothing():
    own = factories.approver("tu.duyet")
    client = session(own)
    item = new_item(client, organisation=factories.postal_department().code).json()
    client.post(f"{ITEMS}/{item['id']}/submit")
    response = client.post(f"{ITEMS}/{item['id']}/reviews", {"decision": "approve", "revision": 1})
    assert response.status_code == 403 and "tự thẩm định" in response.json()["detail"]
    assert ContentItem.objects.get(pk=item["id"]).status == ItemStatus.IN_REVIEW


def test_non_approvers_get_403_on_decisions_and_the_queue(author):
    item = factories.content_item(author=author)
    client = session(author)
    client.post(f"{ITEMS}/{item.pk}/submit")
    decided = client.post(f"{ITEMS}/{item.pk}/reviews", {"decision": "approve", "revision": 1})
    assert decided.status_code == 403
    assert client.get("/api/v1/content/queue").status_code == 403
    assert Review.objects.get(item=item).is_open


def test_other_organisations_items_are_403_for_reading_and_writing(author):
    item = factories.content_item(author=author, body="Của VNPost")
    other_firm = factories.user(org=factories.organisation("postal_firm"), role=Role.EDITOR)
    other = session(other_firm)
    url = f"{ITEMS}/{item.pk}"
    assert other.get(url).status_code == 403
    assert other.patch(url, {"body": "Của người khác"}).status_code == 403
    assert other.post(f"{url}/submit").status_code == 403
    assert other.post(f"{url}/withdraw", {}).status_code == 403
    assert other.post(f"{url}/comments", {"body": "?"}).status_code == 403
    assert other.get(f"{url}/audit.csv").status_code == 403
    assert other.delete(url).status_code == 403
    assert other.get(ITEMS).json()["count"] == 0
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT and item.revisions.count() == 1


def test_api_key_of_the_owning_organisation_edits_and_a_viewer_key_cannot(author, firm):
    item = factories.content_item(author=author)
    editor_key = factories.ApiClient(key=factories.api_key(firm, Role.EDITOR))
    viewer_key = factories.ApiClient(key=factories.api_key(firm, Role.VIEWER))
    assert viewer_key.get(f"{ITEMS}/{item.pk}").status_code == 200
    assert viewer_key.post(f"{ITEMS}/{item.pk}/submit").status_code == 403
    assert editor_key.post(f"{ITEMS}/{item.pk}/submit").status_code == 200


def test_a_dic_sees_its_province_and_national_items_but_not_a_firms():
    dic = factories.dic("24")
    neighbour_dic = factories.dic("24")
    wg = factories.organisation("working_group")
    firm = factories.organisation("postal_firm")
    other_province = factories.dic("01")
    mine = factories.content_item(org=dic, author=factories.user(org=dic))
    same_province = factories.content_item(org=neighbour_dic, author=factories.user(org=neighbour_dic))
    national = factories.content_item(org=wg, author=factories.user(org=wg))
    firm_item = factories.content_item(org=firm, author=factories.user(org=firm))
    elsewhere = factories.content_item(org=other_province, author=factories.user(org=other_province))
    client = session(factories.user(org=dic, role=Role.VIEWER))
    ids = {i["id"] for i in client.get(ITEMS, {"limit": 100}).json()["items"]}
    assert ids == {mine.pk, same_province.pk, national.pk}
    assert client.get(f"{ITEMS}/{firm_item.pk}").status_code == 403
    assert client.get(f"{ITEMS}/{elsewhere.pk}").status_code == 403


def test_approvers_see_every_item(author, approver):
    factories.content_item(author=author)
    hanoi = factories.dic("01")
    factories.content_item(org=hanoi, author=factories.user(org=hanoi))
    assert session(approver).get(ITEMS).json()["count"] == 2


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"body": ""}, 400, "body"),
        ({"channel": "fax"}, 400, "channel"),
        ({"channel": "sms", "body": "{{ name.__class__ }}"}, None, None),
        ({"planned_at": "2020-01-01T00:00:00+07:00"}, 400, "planned_at"),
        ({"media_links": ["file:///etc/passwd"]}, 400, "media_links"),
    ],
)
def test_bad_input_is_4xx_with_the_field_and_nothing_saved(author, payload, status, field):
    response = new_item(session(author), **payload)
    if status is None:  # an unsafe template is fine to draft; it is stopped at submission
        assert response.status_code == 201
        submit = session(author).post(f"{ITEMS}/{response.json()['id']}/submit")
        assert submit.status_code == 422 and submit.json()["field"] == "body"
        assert "hộp cát" in submit.json()["detail"]
        return
    assert response.status_code == status and response.json()["field"] == field
    assert not ContentItem.objects.exists()


def test_submitting_a_costly_sms_template_is_a_400_naming_the_bound(author):
    """Finding 4: what burned 27 s and 1.2 GiB in a preview is refused at submission, at once."""
    response = new_item(session(author), channel="sms", body="[QC] {{ 'a'*10**8 }}")
    assert response.status_code == 201
    submit = session(author).post(f"{ITEMS}/{response.json()['id']}/submit")
    assert submit.status_code == 400 and submit.json()["field"] == "body"
    assert "vượt giới hạn" in submit.json()["detail"] and "quá dài" in submit.json()["detail"]


def test_a_stale_decision_is_409(author, approver):
    client = session(author)
    item = new_item(client).json()
    url = f"{ITEMS}/{item['id']}"
    client.post(f"{url}/submit")
    client.post(f"{url}/withdraw", {"comment": "sai"})
    response = session(approver).post(f"{url}/reviews", {"decision": "approve", "revision": 1})
    assert response.status_code == 409


def test_publication_with_a_bad_url_or_future_time_is_4xx(author, approver):
    item = factories.content_item(author=author)
    client = session(author)
    client.post(f"{ITEMS}/{item.pk}/submit")
    session(approver).post(f"{ITEMS}/{item.pk}/reviews", {"decision": "approve", "revision": 1})
    url = f"{ITEMS}/{item.pk}/publications"
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    bad_url = client.post(url, {"outlet": "x", "url": "javascript:x", "published_at": "2026-01-01T00:00:00Z"})
    assert bad_url.status_code == 400 and bad_url.json()["field"] == "url"
    assert client.post(url, {"outlet": "x", "published_at": future}).json()["field"] == "published_at"
    assert client.get(url).json() == []


def test_threaded_comments_and_resolution(author, approver):
    item = factories.content_item(author=author)
    a, w = session(approver), session(author)
    root = a.post(f"{ITEMS}/{item.pk}/comments", {"body": "Ảnh minh hoạ?", "revision": 1}).json()
    reply = w.post(f"{ITEMS}/{item.pk}/comments", {"body": "Đã thêm", "parent": root["id"]}).json()
    assert reply["parent"] == root["id"] and root["revision"] == 1
    resolved = w.post(f"/api/v1/content/comments/{root['id']}/resolve").json()
    assert resolved["resolved_at"] is not None


def test_only_never_submitted_drafts_can_be_deleted(author):
    client = session(author)
    draft = new_item(client).json()
    assert client.delete(f"{ITEMS}/{draft['id']}").status_code == 204
    sent = new_item(client).json()
    client.post(f"{ITEMS}/{sent['id']}/submit")
    assert client.delete(f"{ITEMS}/{sent['id']}").status_code == 409


def test_overdue_lists_expired_and_past_due_items(author):
    item = factories.content_item(author=author, planned_at=timezone.now() + dt.timedelta(seconds=1))
    ContentItem.objects.filter(pk=item.pk).update(planned_at=timezone.now() - dt.timedelta(hours=1))
    assert [i["id"] for i in session(author).get("/api/v1/content/overdue").json()] == [item.pk]


def test_my_notifications_with_unread_count(author, approver):
    item = factories.content_item(author=author)
    session(author).post(f"{ITEMS}/{item.pk}/submit")
    client = session(approver)
    listing = client.get("/api/v1/accounts/notifications").json()
    assert listing["unread"] == 1 and listing["items"][0]["link"] == f"/content/items/{item.pk}/"
    client.post(f"/api/v1/accounts/notifications/{listing['items'][0]['id']}/read")
    assert client.get("/api/v1/accounts/notifications").json()["unread"] == 0
    other = session(author).post(f"/api/v1/accounts/notifications/{listing['items'][0]['id']}/read")
    assert other.status_code == 403


def test_queue_orders_by_planned_time_then_wave_prep_due_and_filters_by_wave_and_province(author, approver):
    soon = timezone.now() + dt.timedelta(days=3)
    early_wave = factories.campaign(province_code="24", harvest_start=dt.date(2026, 6, 1))
    late_wave = factories.campaign(province_code="01", harvest_start=dt.date(2026, 9, 1))
    writer = session(author)
    ids = {}
    for name, planned, wave in [
        ("no-time", None, None),
        ("late-wave", soon, late_wave),
        ("early-wave", soon, early_wave),
        ("soonest", soon - dt.timedelta(days=1), None),
    ]:
        item = factories.content_item(
            author=author, title=name, planned_at=planned, campaign=wave and wave.pk
        )
        writer.post(f"{ITEMS}/{item.pk}/submit")
        ids[name] = item.pk
    decider = session(approver)
    queue = decider.get("/api/v1/content/queue").json()
    assert [i["title"] for i in queue["items"]] == ["soonest", "early-wave", "late-wave", "no-time"]
    assert queue["items"][1]["prep_due"] == early_wave.prep_due.isoformat()
    assert queue["counts"]["due_within_7_days"] == 3
    by_wave = decider.get("/api/v1/content/queue", {"wave": late_wave.pk}).json()
    assert [i["id"] for i in by_wave["items"]] == [ids["late-wave"]]
    by_province = decider.get("/api/v1/content/queue", {"province": "24"}).json()
    assert [i["id"] for i in by_province["items"]] == [ids["early-wave"]]


def test_queue_api_filters_by_deadline_and_names_a_bad_one(author, approver):
    now = timezone.now()
    late = factories.content_item(author=author, title="late", planned_at=now + dt.timedelta(hours=2))
    soon = factories.content_item(author=author, title="soon", planned_at=now + dt.timedelta(hours=20))
    writer = session(author)
    for item in (late, soon):
        writer.post(f"{ITEMS}/{item.pk}/submit")
    ContentItem.objects.filter(pk=late.pk).update(planned_at=now - dt.timedelta(hours=1))
    decider = session(approver)
    overdue = decider.get("/api/v1/content/queue", {"due": "overdue"}).json()
    assert [i["title"] for i in overdue["items"]] == ["late"]
    expiring = decider.get("/api/v1/content/queue", {"due": "48h"}).json()
    assert [i["title"] for i in expiring["items"]] == ["soon"]
    bad = decider.get("/api/v1/content/queue", {"due": "tomorrow"})
    assert bad.status_code == 400 and bad.json()["field"] == "due"


def test_a_dic_sees_a_firms_item_for_a_wave_in_its_province(author):
    wave = factories.campaign(province_code="24")
    item = factories.content_item(author=author, campaign=wave.pk)
    elsewhere = factories.content_item(author=author, campaign=factories.campaign(province_code="01").pk)
    dic = factories.dic("24")
    client = session(factories.user(org=dic, role=Role.VIEWER))
    assert client.get(f"{ITEMS}/{item.pk}").status_code == 200
    assert client.get(f"{ITEMS}/{elsewhere.pk}").status_code == 403


# --- issue 13, finding 12: the server owns a publication's source and channel, and an item's wave --------


def test_a_publication_posted_with_a_key_is_manual_and_takes_the_items_channel(approver):
    """A DIC's key posted `source: feed, channel: tv_central` on an SMS item: it counted as a feed-verified
    TV appearance. The server records it as manual, on the item's channel."""
    dic = factories.dic("01")
    editor = factories.user(org=dic, role=Role.EDITOR)
    item = factories.content_item(author=editor, channel="sms", body="[QC] Vải thiều {{ province }}. TC 9xxx")
    session(editor).post(f"{ITEMS}/{item.pk}/submit")
    session(approver).post(f"{ITEMS}/{item.pk}/reviews", {"decision": "approve", "revision": 1})
    key = factories.ApiClient(key=factories.api_key(dic, Role.EDITOR))
    response = key.post(
        f"{ITEMS}/{item.pk}/publications",
        {
            "outlet": "VTV1",
            "published_at": "2026-01-05T08:00:00+07:00",
            "source": "feed",
            "channel": "tv_central",
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["source"], response.json()["channel"]) == ("manual", "sms")


def test_a_dic_item_cannot_be_linked_to_another_provinces_wave():
    hanoi = factories.dic("01")
    editor = factories.user(org=hanoi, role=Role.EDITOR)
    bac_giang_wave = factories.campaign(province_code="24")
    hanoi_wave = factories.campaign(province_code="01")
    national_wave = factories.campaign(province_code=None)
    client = session(editor)
    refused = new_item(client, organisation=hanoi.code, campaign=bac_giang_wave.pk)
    assert refused.status_code == 403 and refused.json()["field"] == "campaign"
    assert not ContentItem.objects.exists()
    item = new_item(client, organisation=hanoi.code, campaign=hanoi_wave.pk)
    assert item.status_code == 201, item.content
    moved = client.patch(f"{ITEMS}/{item.json()['id']}", {"campaign": bac_giang_wave.pk})
    assert moved.status_code == 403
    assert ContentItem.objects.get().campaign_id == hanoi_wave.pk
    assert client.patch(f"{ITEMS}/{item.json()['id']}", {"campaign": national_wave.pk}).status_code == 200


def test_a_postal_firm_item_may_serve_any_provinces_wave(author):
    wave = factories.campaign(province_code="24")
    assert new_item(session(author), campaign=wave.pk).status_code == 201


def test_a_publication_recorded_with_a_key_names_the_key(approver):
    from accounts.models import ApiKey
    from content.models import Publication

    dic = factories.dic("01")
    editor = factories.user(org=dic, role=Role.EDITOR)
    item = factories.content_item(author=editor)
    session(editor).post(f"{ITEMS}/{item.pk}/submit")
    session(approver).post(f"{ITEMS}/{item.pk}/reviews", {"decision": "approve", "revision": 1})
    key = factories.ApiClient(key=factories.api_key(dic, Role.EDITOR))
    key.post(
        f"{ITEMS}/{item.pk}/publications", {"outlet": "Báo", "published_at": "2026-01-05T08:00:00+07:00"}
    )
    assert Publication.objects.get().created_by_key == ApiKey.objects.get(organisation=dic)
