"""Following a blast to each message: honest progress, the per-recipient log, masked numbers, CSV."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from dispatch.blasts.selectors import blast_progress
from dispatch.models import Blast, Contact, Message
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db


def _log(blast: Blast, rows: list[tuple[str, str, str]]) -> None:
    """One message per contact of the blast's organisation, with the given status and reason."""
    contacts = list(Contact.objects.filter(organisation=blast.organisation).order_by("pk"))
    for contact, (status, reason, name) in zip(contacts, rows, strict=False):
        if name:
            Contact.objects.filter(pk=contact.pk).update(name=name)
        Message.objects.create(
            blast=blast,
            contact=contact,
            phone=contact.phone,
            status=status,
            reason=reason,
            sent_at=timezone.now() if status in ("sent", "delivered") else None,
            defer_until=timezone.now() + dt.timedelta(hours=8) if status == "deferred" else None,
        )


@pytest.fixture
def blast_with_log():
    blast, owner = factories.blast(contacts=4)
    _log(
        blast,
        [
            ("delivered", "", "Nguyễn Văn An"),
            ("skipped", "no_consent", "Trần Thị Bình"),
            ("deferred", "outside_hours", "Lê Văn Cường"),
            ("failed", "retries_exhausted", '=HYPERLINK("x")'),
        ],
    )
    return blast, owner


def test_skipped_recipients_are_not_progress(blast_with_log):
    blast, _owner = blast_with_log
    progress = blast_progress(blast=blast)
    assert (progress.total, progress.to_send, progress.processed) == (4, 3, 2)
    assert progress.percent == 66  # 2 of the 3 to send; the skipped one is not "done"


def test_a_blast_waiting_for_quiet_hours_says_until_when(blast_with_log):
    blast, _owner = blast_with_log
    Blast.objects.filter(pk=blast.pk).update(status="running")
    until = dt.datetime(2026, 11, 29, 0, 0, tzinfo=dt.UTC)  # 07:00 in Vietnam
    Message.objects.filter(blast=blast, status="deferred").update(defer_until=until)
    progress = blast_progress(blast=blast)
    assert progress.state_text == "Tạm hoãn đến 07:00 ngày 29/11 theo khung giờ quy định"


def test_the_message_log_api_filters_searches_and_explains_in_words(blast_with_log):
    blast, owner = blast_with_log
    api = ApiClient()
    api.force_login(owner)
    page = api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages").json()
    assert page["count"] == 4 and page["full_numbers"] is True
    assert page["items"][0]["phone"].startswith("+84")
    skipped = api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages", {"status": "skipped"}).json()
    assert [m["name"] for m in skipped["items"]] == ["Trần Thị Bình"]
    assert skipped["items"][0]["reason_text"] == "Người nhận chưa đồng ý nhận tin quảng cáo."
    by_name = api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages", {"q": "cường"}).json()
    assert [m["status_label"] for m in by_name["items"]] == ["Hoãn"]
    an = Message.objects.get(blast=blast, contact__name="Nguyễn Văn An")
    national_form = "0" + an.phone[3:]
    by_number = api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages", {"q": national_form}).json()
    assert [m["name"] for m in by_number["items"]] == ["Nguyễn Văn An"]
    assert api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages", {"status": "bad"}).status_code == 400


def test_a_viewer_sees_masked_numbers_and_cannot_search_by_number(blast_with_log):
    blast, _owner = blast_with_log
    viewer = factories.user("xem", org=blast.organisation, role=Role.VIEWER)
    api = ApiClient()
    api.force_login(viewer)
    page = api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages").json()
    assert page["full_numbers"] is False
    assert all(" *** " in m["phone"] and not m["phone"].startswith("+") for m in page["items"])
    an = Message.objects.get(blast=blast, contact__name="Nguyễn Văn An")
    assert api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages", {"q": an.phone[-6:]}).json()["count"] == 0


def test_another_province_cannot_read_the_log(blast_with_log):
    blast, _owner = blast_with_log
    stranger = factories.user("khac", org=factories.dic("01"), role=Role.EDITOR)
    api = ApiClient()
    api.force_login(stranger)
    assert api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages").status_code == 403


def test_the_log_exports_as_csv_with_words_and_no_formulas(blast_with_log):
    blast, owner = blast_with_log
    api = ApiClient()
    api.force_login(owner)
    response = api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("so_dien_thoai,ho_ten,trang_thai,ly_do")
    assert any("Trần Thị Bình,Bỏ qua,Người nhận chưa đồng ý nhận tin quảng cáo." in line for line in lines)
    assert any("'=HYPERLINK" in line for line in lines) and not any(",=HYPERLINK" in line for line in lines)


def test_the_message_log_page_and_the_blast_page_speak_honestly(client, blast_with_log):
    blast, owner = blast_with_log
    client.force_login(owner)
    detail = client.get(f"/dispatch/blasts/{blast.pk}/").content.decode()
    assert f'href="/dispatch/blasts/{blast.pk}/messages/"' in detail
    assert "1 người nhận bị bỏ qua, không tính vào tiến độ" in detail
    page = client.get(f"/dispatch/blasts/{blast.pk}/messages/", {"status": "skipped"}).content.decode()
    assert "Trần Thị Bình" in page and "Người nhận chưa đồng ý nhận tin quảng cáo." in page
    assert "Nguyễn Văn An" not in page and 'id="messages-csv"' in page


def test_the_contacts_page_shows_only_the_viewers_province_masked_for_viewers(client):
    mine = factories.contact(name="Hộ Bắc Giang", province_code="24", org=factories.dic("24"))
    factories.contact(name="Hộ Hà Nội", province_code="01")
    viewer = factories.user("xem-dic", org=factories.dic("24"), role=Role.VIEWER)
    client.force_login(viewer)
    page = client.get("/dispatch/contacts/").content.decode()
    assert "Hộ Bắc Giang" in page and "Hộ Hà Nội" not in page
    assert mine.phone not in page and " *** " in page
    editor = factories.user("sua-dic", org=factories.dic("24"), role=Role.EDITOR)
    client.force_login(editor)
    page = client.get("/dispatch/contacts/", {"q": "bắc"}).content.decode()
    assert mine.phone in page
    assert "Hộ Bắc Giang" not in client.get("/dispatch/contacts/", {"consent": "no"}).content.decode()


def test_the_blast_page_counts_every_status_and_explains_each_reason_in_words(client, blast_with_log):
    blast, owner = blast_with_log
    contact = Contact.objects.create(
        phone="+84912999001", name="Đỗ Văn Dũng", organisation=blast.organisation
    )
    Message.objects.create(blast=blast, contact=contact, phone=contact.phone, status="undelivered")
    client.force_login(owner)
    page = client.get(f"/dispatch/blasts/{blast.pk}/").content.decode()
    assert 'data-status="undelivered"' in page and "Không đến máy" in page
    for words in (
        "Người nhận chưa đồng ý nhận tin quảng cáo.",
        "Ngoài khung giờ được gửi tin quảng cáo (07:00–22:00).",
        "Nhà mạng không nhận tin sau nhiều lần thử.",
        "Không rõ lý do.",  # the undelivered one has no reason code
    ):
        assert words in page, words
    # Each count opens the log filtered to it.
    assert f'href="/dispatch/blasts/{blast.pk}/messages/?status=skipped"' in page


def test_a_blast_waiting_for_the_daily_cap_says_so(blast_with_log):
    blast, _owner = blast_with_log
    Blast.objects.filter(pk=blast.pk).update(status="running")
    until = dt.datetime(2026, 11, 29, 2, 30, tzinfo=dt.UTC)
    Message.objects.filter(blast=blast, status="deferred").update(defer_until=until, reason="daily_cap")
    state = blast_progress(blast=blast).state_text
    assert state == "Tạm hoãn đến 09:30 ngày 29/11 vì người nhận đã đủ số tin quảng cáo tối đa trong 24 giờ"


def test_the_waiting_state_reads_in_english_too(blast_with_log):
    from django.utils import translation

    blast, _owner = blast_with_log
    Blast.objects.filter(pk=blast.pk).update(status="running")
    until = dt.datetime(2026, 11, 29, 0, 0, tzinfo=dt.UTC)
    Message.objects.filter(blast=blast, status="deferred").update(defer_until=until)
    with translation.override("en"):
        state = blast_progress(blast=blast).state_text
    assert "07:00" in state and "29/11" in state and "Tạm hoãn" not in state


def test_each_row_of_the_log_opens_its_contact_and_the_export_is_logged(client, blast_with_log):
    from dispatch.models import PersonalDataAccess

    blast, owner = blast_with_log
    client.force_login(owner)
    page = client.get(f"/dispatch/blasts/{blast.pk}/messages/", {"q": "bình"}).content.decode()
    binh = Contact.objects.get(name="Trần Thị Bình")
    assert f'href="/dispatch/contacts/{binh.pk}/"' in page
    assert client.get(f"/dispatch/contacts/{binh.pk}/").status_code == 200
    api = ApiClient()
    api.force_login(owner)
    b"".join(
        api.get(f"/api/v1/dispatch/blasts/{blast.pk}/messages.csv", {"status": "skipped"}).streaming_content
    )
    entry = PersonalDataAccess.objects.get()
    assert entry.action == "export" and entry.rows == 1 and str(blast.pk) in entry.subject


def test_the_blasts_list_says_a_waiting_blast_waits_and_never_counts_skipped_as_sent(client, blast_with_log):
    blast, owner = blast_with_log
    Blast.objects.filter(pk=blast.pk).update(status="running")
    until = dt.datetime(2026, 11, 29, 0, 0, tzinfo=dt.UTC)
    Message.objects.filter(blast=blast, status="deferred").update(defer_until=until)
    client.force_login(owner)
    page = client.get("/dispatch/blasts/").content.decode()
    assert "Tạm hoãn đến 07:00 ngày 29/11 theo khung giờ quy định" in page
    assert "66% · 2/3 tin cần gửi · bỏ qua 1" in page


def test_blast_status_counts_only_the_messages_to_send(blast_with_log, capsys):
    from django.core.management import call_command

    blast, _owner = blast_with_log
    call_command("blast_status", blast.pk)
    assert "66%  2/3  (bỏ qua 1)" in capsys.readouterr().out
