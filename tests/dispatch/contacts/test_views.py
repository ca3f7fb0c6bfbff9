import pytest
from django.test import Client

from accounts.models import OrganisationKind, Role
from dispatch.models import ContactImport, Suppression
from tests import factories

pytestmark = pytest.mark.django_db


def test_opt_out_page_needs_no_login_and_suppresses_at_once():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/tu-choi-tin-nhan/")
    assert page.status_code == 200 and "Từ chối nhận tin" in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/tu-choi-tin-nhan/",
        {"phone": "0168 123 4567", "confirm": "on", "csrfmiddlewaretoken": token},
        follow=True,
    )
    assert response.redirect_chain == [("/tu-choi-tin-nhan/", 302)]  # a refresh sends nothing again
    assert "Đã ghi nhận" in response.content.decode()
    assert Suppression.objects.get().phone == "+84381234567"
    assert Suppression.objects.get().reason == "refused"


def test_opt_out_without_csrf_token_is_refused():
    response = Client(enforce_csrf_checks=True).post(
        "/tu-choi-tin-nhan/", {"phone": "0912345678", "confirm": "on"}
    )
    assert response.status_code == 403
    assert not Suppression.objects.exists()


def test_opt_out_needs_the_confirmation_and_a_valid_number():
    client = Client()
    assert "Đã ghi nhận" not in client.post("/tu-choi-tin-nhan/", {"phone": "0912345678"}).content.decode()
    bad = client.post("/tu-choi-tin-nhan/", {"phone": "024 3825 1234", "confirm": "on"}).content.decode()
    assert "Số cố định" in bad
    assert not Suppression.objects.exists()


def test_opt_out_is_rate_limited_per_address(settings):
    settings.MUA_OPTOUT_RATE_PER_HOUR = 2
    from django.core.cache import cache

    cache.clear()
    client = Client()
    for _ in range(2):
        client.post("/tu-choi-tin-nhan/", {"phone": "0912345678", "confirm": "on"})
    assert client.post("/tu-choi-tin-nhan/", {"phone": "0912345679", "confirm": "on"}).status_code == 429
    cache.clear()


def test_audience_page_shows_counts_and_previews_draft_text():
    org = factories.organisation(OrganisationKind.WORKING_GROUP, code="tct")
    user = factories.user(org=org, role=Role.EDITOR)
    factories.contact("+84912000001", org=org, name="Chị Hoa")
    from dispatch.models import Audience

    audience = Audience.objects.create(name="Vải", organisation=org)
    client = Client()
    assert client.get(f"/dispatch/audiences/{audience.pk}/").status_code == 302  # login first
    client.force_login(user)
    page = client.post(
        f"/dispatch/audiences/{audience.pk}/",
        {
            "text": "[QC] Chào {{ name }}. Từ chối: soạn TC gửi 9xxx",
            "category": "advertising",
            "brandname": "MUA",
        },
    ).content.decode()
    assert "Đủ điều kiện nhận" in page and "Chào Chị Hoa" in page and "UCS-2" in page
    assert "Vải" in client.get("/dispatch/audiences/").content.decode()


def test_another_dic_cannot_open_an_audience_page():
    from dispatch.models import Audience

    audience = Audience.objects.create(name="Vải", organisation=factories.dic("24"))
    client = Client()
    client.force_login(factories.user(org=factories.dic("01"), role=Role.EDITOR))
    assert client.get(f"/dispatch/audiences/{audience.pk}/").status_code == 403
    assert "Vải" not in client.get("/dispatch/audiences/").content.decode()


def test_imports_page_uploads_and_shows_progress(django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    org = factories.organisation(OrganisationKind.WORKING_GROUP, code="tct")
    client = Client()
    client.force_login(factories.user(org=org, role=Role.EDITOR))
    upload = SimpleUploadedFile("ds.csv", b"phone\n0912345678\n123\n")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dispatch/imports/", {"organisation": "tct", "file": upload})
    page = client.get("/dispatch/imports/").content.decode()
    assert "ds.csv" in page and 'data-field="progress">100<' in page
    assert "Xem các dòng bị từ chối của ds.csv" in page


def test_admin_lifts_a_suppression_only_with_a_reason_and_leaves_an_audit_row():
    from django.contrib.auth import get_user_model

    from dispatch.models import SuppressionRemoval

    factories.organisation(OrganisationKind.POSTAL_DEPARTMENT, code="vbc")
    admin = get_user_model().objects.create_superuser("root", "r@x.vn", "pw-test-123")
    suppression = Suppression.objects.create(phone="+84912345678", reason="refused")
    client = Client()
    client.force_login(admin)
    url = "/admin/dispatch/suppression/"
    ask = client.post(url, {"action": "lift_selected", "_selected_action": [suppression.pk]})
    assert "Lý do gỡ chặn" in ask.content.decode()
    client.post(url, {"action": "lift_selected", "_selected_action": [suppression.pk], "confirm": "1"})
    assert Suppression.objects.exists()  # no reason: nothing lifted
    client.post(
        url,
        {
            "action": "lift_selected",
            "_selected_action": [suppression.pk],
            "confirm": "1",
            "lift_reason": "Khách xin nhận lại",
        },
    )
    assert not Suppression.objects.exists()
    assert SuppressionRemoval.objects.get().removed_by == admin


@pytest.mark.parametrize(
    "model", ["contact", "contactimport", "importrejection", "suppression", "suppressionremoval", "audience"]
)
def test_every_dispatch_model_has_an_admin_page(model):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "r@x.vn", "pw-test-123"))
    assert client.get(f"/admin/dispatch/{model}/").status_code == 200
    assert client.get(f"/admin/dispatch/{model}/add/").status_code in (200, 403)


def test_a_dic_saves_an_audience_from_the_page_and_lands_on_its_counts():
    from dispatch.models import Audience

    dic = factories.dic("24")
    client = Client()
    client.force_login(factories.user(org=dic, role=Role.EDITOR))
    factories.contact("+84912000001", province_code="24", tags=",vai-thieu,")
    response = client.post(
        "/dispatch/audiences/",
        {
            "name": "Vải",
            "organisation": dic.code,
            "provinces": ["2022:24"],
            "kinds": ["farm_household"],
            "tags": "Vải thiều",
            "consent_required": "on",
        },
    )
    audience = Audience.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dispatch/audiences/{audience.pk}/"
    assert audience.tags == ["vai-thieu"]
    refused = client.post(
        "/dispatch/audiences/", {"name": "HN", "organisation": dic.code, "provinces": ["2022:01"]}
    ).content.decode()
    assert "ngoài phạm vi" in refused


def test_audience_page_previews_an_approved_sms_item():
    from dispatch.models import Audience

    org = factories.organisation(OrganisationKind.WORKING_GROUP, code="tct")
    user = factories.user(org=org, role=Role.EDITOR)
    factories.contact("+84912000001", org=org, name="Chị Hoa")
    item = factories.approved_sms_item(org, "[QC] Chào {{ name }}. Từ chối: soạn TC gửi 789")
    audience = Audience.objects.create(name="Vải", organisation=org)
    client = Client()
    client.force_login(user)
    page = client.get(f"/dispatch/audiences/{audience.pk}/").content.decode()
    assert f"#{item.pk} " in page  # offered in the list of approved SMS
    page = client.post(
        f"/dispatch/audiences/{audience.pk}/",
        {"content_item": str(item.pk), "category": "advertising", "brandname": "MUA"},
    ).content.decode()
    assert "[QC] Chào Chị Hoa. Từ chối" in page
    both = client.post(
        f"/dispatch/audiences/{audience.pk}/",
        {"content_item": str(item.pk), "text": "x", "category": "advertising"},
    ).content.decode()
    assert "một trong hai" in both


def test_an_imports_page_ends_with_a_summary_and_the_refused_rows_in_words(
    django_capture_on_commit_callbacks,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    org = factories.organisation(OrganisationKind.WORKING_GROUP, code="tct")
    editor = factories.user(org=org, role=Role.EDITOR)
    client = Client()
    client.force_login(editor)
    factories.contact("+84912345678", org=org, name="Đã có")
    rows = "phone,name\n0912345678,Nguyễn Văn A\n0381234567,Trần Thị B\n024 3825 1234,Cơ quan\n"
    upload = SimpleUploadedFile("ds.csv", rows.encode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dispatch/imports/", {"organisation": "tct", "file": upload})
    done = ContactImport.objects.get()
    listing = client.get("/dispatch/imports/").content.decode()
    assert f'href="/dispatch/imports/{done.pk}/"' in listing
    assert 'http-equiv="refresh"' not in listing  # the script follows a running import, no page refresh
    page = client.get(f"/dispatch/imports/{done.pk}/").content.decode()
    assert 'id="import-accepted">1<' in page and 'id="import-merged">1<' in page
    assert 'id="import-rejected">1<' in page
    assert "Cơ quan" in page and "rejections.csv" in page
    rejection = done.rejections.get()
    assert rejection.message in page and rejection.line == 4
    # A viewer of the organisation reads the line and the reason, not the row as uploaded.
    client.force_login(factories.user(org=org, role=Role.VIEWER))
    page = client.get(f"/dispatch/imports/{done.pk}/").content.decode()
    assert rejection.message in page and "Cơ quan" not in page
    # Another organisation's import is not for a DIC to read.
    client.force_login(factories.user(org=factories.dic("01"), role=Role.EDITOR))
    assert client.get(f"/dispatch/imports/{done.pk}/").status_code == 403


def test_a_running_import_is_followed_by_the_script_not_a_refresh():
    org = factories.organisation(OrganisationKind.WORKING_GROUP, code="tct")
    running = ContactImport.objects.create(
        organisation=org, filename="lon.csv", status="running", progress=40
    )
    client = Client()
    client.force_login(factories.user(org=org, role=Role.EDITOR))
    page = client.get(f"/dispatch/imports/{running.pk}/").content.decode()
    assert (
        f'data-import-url="/api/v1/dispatch/imports/{running.pk}"' in page and 'data-status="running"' in page
    )
    assert "Trang tự cập nhật cho đến khi nhập xong." in page
    status = client.get(f"/api/v1/dispatch/imports/{running.pk}").json()
    assert (status["status"], status["progress"]) == ("running", 40)
