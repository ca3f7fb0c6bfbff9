import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import OrganisationKind, Role
from dispatch.models import Contact, Suppression, SuppressionRemoval
from tests import factories

pytestmark = pytest.mark.django_db

AD = "[QC] Chào {{ name }}, vải thiều {{ province }} đã có trên postmart.vn. Từ chối: soạn TC gửi 9xxx"


@pytest.fixture
def national():
    org = factories.organisation(OrganisationKind.WORKING_GROUP, code="tct")
    return org, factories.ApiClient(key=factories.api_key(org, Role.EDITOR))


def test_phone_check_explains_a_refusal(api, national):
    _, client = national
    assert client.get("/api/v1/dispatch/phones/check", {"phone": "0168 123 4567"}).json() == {
        "ok": True,
        "e164": "+84381234567",
        "carrier": "Viettel",
        "converted_from": "01681234567",
        "reason": None,
        "message": None,
    }
    refused = client.get("/api/v1/dispatch/phones/check", {"phone": "024 3825 1234"}).json()
    assert (refused["ok"], refused["reason"]) == (False, "landline")


def test_upload_runs_as_a_job_and_rejected_rows_download_as_csv(national, django_capture_on_commit_callbacks):
    _, client = national
    upload = SimpleUploadedFile("ds.csv", "sđt,tên\n0912345678,A\n123,B\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.upload("/api/v1/dispatch/imports", {"file": upload, "organisation": "tct"})
    assert response.status_code == 202, response.content
    import_id = response.json()["id"]
    detail = client.get(f"/api/v1/dispatch/imports/{import_id}").json()  # inline queue: already done
    assert (detail["status"], detail["progress"], detail["accepted"], detail["rejected"]) == (
        "done",
        100,
        1,
        1,
    )
    csv_body = b"".join(client.get(f"/api/v1/dispatch/imports/{import_id}/rejections.csv").streaming_content)
    text = csv_body.decode("utf-8-sig")
    assert text.splitlines()[0] == "dong,ma_ly_do,ly_do,noi_dung_dong"
    assert text.splitlines()[1].startswith("3,phone_too_short,")


def test_another_dic_cannot_see_an_import(national):
    _, client = national
    upload = SimpleUploadedFile("ds.csv", b"phone\n0912345678\n")
    import_id = client.upload("/api/v1/dispatch/imports", {"file": upload, "organisation": "tct"}).json()[
        "id"
    ]
    other = factories.ApiClient(key=factories.api_key(factories.dic("01")))
    assert other.get(f"/api/v1/dispatch/imports/{import_id}").status_code == 403


def test_audience_count_splits_eligible_suppressed_no_consent(national):
    org, client = national
    factories.contact("+84912000001", org=org)
    factories.contact("+84912000002", org=org, consent_source="", consent_at=None)
    factories.contact("+84912000003", org=org)
    factories.contact("+84912000004", org=org, province_code="01")
    Suppression.objects.create(phone="+84912000003", reason="refused")
    body = {"organisation": "tct", "provinces": [{"code": "24", "map": "2025"}], "kinds": ["farm_household"]}
    counts = client.post("/api/v1/dispatch/audiences/count", body).json()
    assert counts == {
        "total": 3,
        "eligible": 1,
        "suppressed": 1,
        "no_consent": 1,
        "invalid": 0,
        "category": "advertising",
    }


def test_a_suppressed_number_is_never_eligible_even_for_public_service(national):
    org, client = national
    factories.contact("+84912000003", org=org)
    Suppression.objects.create(phone="+84912000003", reason="do_not_call")
    body = {"organisation": "tct", "consent_required": False}
    counts = client.post("/api/v1/dispatch/audiences/count?category=public_service", body).json()
    assert (counts["eligible"], counts["suppressed"]) == (0, 1)


def test_a_dic_counts_only_its_own_province_even_with_no_province_filter():
    dic = factories.dic("24")
    client = factories.ApiClient(key=factories.api_key(dic))
    factories.contact("+84912000001", province_code="24")
    factories.contact("+84912000002", province_code="01")
    counts = client.post("/api/v1/dispatch/audiences/count", {"organisation": dic.code}).json()
    assert counts["total"] == 1


def test_a_dic_may_not_save_an_audience_for_another_province():
    dic = factories.dic("24")
    client = factories.ApiClient(key=factories.api_key(dic))
    response = client.post(
        "/api/v1/dispatch/audiences",
        {"organisation": dic.code, "name": "HN", "provinces": [{"code": "01", "map": "2022"}]},
    )
    assert response.status_code == 403
    assert "ngoài phạm vi" in response.json()["detail"]


def test_preview_tells_cost_recipients_and_renders_real_contacts(national, settings):
    settings.MUA_SMS_PRICE_PER_PART_VND = 800
    org, client = national
    factories.contact("+84912000001", org=org, name="Chị Hoa")
    factories.contact("+84912000002", org=org, consent_source="", consent_at=None)
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": "tct", "name": "Vải"}).json()
    result = client.post(
        "/api/v1/dispatch/preview",
        {"audience_id": audience["id"], "text": AD, "brandname": "MUA1034"},
    ).json()
    assert result["recipients"]["eligible"] == 1 and result["recipients"]["no_consent"] == 1
    sample = result["samples"][0]
    assert sample["phone"] == "0912 *** 001"
    assert sample["text"].startswith("[QC] Chào Chị Hoa, vải thiều Bắc Giang")
    assert sample["unaccented"].startswith("[QC] Chao Chi Hoa, vai thieu Bac Giang")
    assert (result["accented"]["encoding"], result["unaccented"]["encoding"]) == ("UCS-2", "GSM-7")
    assert result["accented_blast_vnd"] == result["accented"]["parts"] * 800
    assert result["unaccented"]["parts"] < result["accented"]["parts"]


def test_preview_reports_a_missing_variable_and_missing_label(national):
    org, client = national
    factories.contact("+84912000001", org=org)
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": "tct", "name": "A"}).json()
    result = client.post(
        "/api/v1/dispatch/preview",
        {"audience_id": audience["id"], "text": "Xin chào {{ ho_ten }}", "brandname": "MUA1034"},
    ).json()
    codes = {w["code"] for w in result["warnings"]}
    assert {"render_error", "missing_label", "missing_optout"} <= codes
    assert "'ho_ten' is undefined" in result["samples"][0]["error"]


def test_preview_refuses_broken_template_syntax(national):
    org, client = national
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": "tct", "name": "A"}).json()
    response = client.post("/api/v1/dispatch/preview", {"audience_id": audience["id"], "text": "{{ name "})
    assert response.status_code == 400 and response.json()["field"] == "text"


def test_sandbox_blocks_attribute_escapes(national):
    org, client = national
    factories.contact("+84912000001", org=org)
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": "tct", "name": "A"}).json()
    result = client.post(
        "/api/v1/dispatch/preview",
        {"audience_id": audience["id"], "text": "{{ name.__class__.__mro__ }}"},
    ).json()
    assert "unsafe" in result["samples"][0]["error"] or "undefined" in result["samples"][0]["error"]


def test_staff_adds_a_suppression_and_only_a_national_admin_lifts_it_with_a_reason(national):
    org, client = national
    assert client.post("/api/v1/dispatch/suppressions", {"phone": "0912345678"}).status_code == 201
    assert (
        client.post("/api/v1/dispatch/suppressions/0912345678/remove", {"reason": "nhầm số"}).status_code
        == 403
    )
    admin = factories.user(org=org, role=Role.ADMIN)
    session = factories.ApiClient()
    session.force_login(admin)
    short = session.post("/api/v1/dispatch/suppressions/0912345678/remove", {"reason": "x"})
    assert short.status_code == 400 and short.json()["field"] == "reason"
    done = session.post(
        "/api/v1/dispatch/suppressions/0912345678/remove", {"reason": "Chủ thuê bao gọi lại xin nhận"}
    )
    assert done.status_code == 200
    assert not Suppression.objects.exists()
    audit = SuppressionRemoval.objects.get()
    assert (audit.phone, audit.suppression_reason, audit.removed_by) == ("+84912345678", "staff", admin)


def test_contacts_list_shows_province_on_both_maps(national):
    org, client = national
    factories.contact("+84912000001", org=org)
    item = client.get("/api/v1/dispatch/contacts").json()["items"][0]
    assert item["province"]["name"] == "Bắc Giang" and item["province_2025"]["name"] == "Bắc Ninh"
    assert item["carrier"] == "VinaPhone"
    assert Contact.objects.count() == 1


@pytest.mark.redis
def test_with_redis_the_upload_is_queued_and_a_worker_imports_it(
    national, redis_url, django_capture_on_commit_callbacks
):
    from rq import SimpleWorker

    from core.queues import get_queue

    _, client = national
    upload = SimpleUploadedFile("ds.csv", b"phone\n0912345678\n")
    with django_capture_on_commit_callbacks(execute=True):
        import_id = client.upload("/api/v1/dispatch/imports", {"file": upload, "organisation": "tct"}).json()[
            "id"
        ]
    assert client.get(f"/api/v1/dispatch/imports/{import_id}").json()["status"] == "pending"
    queue = get_queue("default")
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert client.get(f"/api/v1/dispatch/imports/{import_id}").json()["status"] == "done"


def test_an_unknown_category_is_a_400_naming_the_field(national):
    _, client = national
    response = client.post("/api/v1/dispatch/audiences/count?category=spam", {"organisation": "tct"})
    assert response.status_code == 400
    assert response.json()["field"] == "category"


def test_a_failed_import_can_be_resumed_through_the_api(national, django_capture_on_commit_callbacks):
    from dispatch.models import ContactImport

    _, client = national
    upload = SimpleUploadedFile("ds.csv", b"phone\n0912345678\n0912345679\n")
    import_id = client.upload("/api/v1/dispatch/imports", {"file": upload, "organisation": "tct"}).json()[
        "id"
    ]
    ContactImport.objects.filter(pk=import_id).update(status="failed", error="worker killed")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/v1/dispatch/imports/{import_id}/resume").status_code == 202
    detail = client.get(f"/api/v1/dispatch/imports/{import_id}").json()
    assert (detail["status"], detail["accepted"]) == ("done", 2)
    assert client.post(f"/api/v1/dispatch/imports/{import_id}/resume").status_code == 409


def test_preview_of_an_approved_sms_item_uses_its_approved_text(national):
    org, client = national
    factories.contact("+84912000001", org=org, name="Chị Hoa")
    item = factories.approved_sms_item(org, "[QC] Chào {{ name }} ở {{ province }}. Từ chối: soạn TC gửi 789")
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": "tct", "name": "A"}).json()
    result = client.post(
        "/api/v1/dispatch/preview",
        {"audience_id": audience["id"], "content_item_id": item.pk, "brandname": "MUA1034"},
    ).json()
    assert result["text"].startswith("[QC] Chào {{ name }}")
    assert result["samples"][0]["text"] == "[QC] Chào Chị Hoa ở Bắc Giang. Từ chối: soạn TC gửi 789"
    assert result["warnings"] == [] or {w["code"] for w in result["warnings"]} == {"outside_hours"}


def test_preview_refuses_an_sms_item_not_yet_approved_and_a_non_sms_item(national):
    org, client = national
    author = factories.user(org=org, role=Role.EDITOR)
    draft = factories.content_item(author=author, org=org, channel="sms", body="[QC] Chào {{ name }}")
    press = factories.content_item(author=author, org=org)
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": "tct", "name": "A"}).json()
    for item, message in ((draft, "chưa được Vụ Bưu chính phê duyệt"), (press, "không phải tin nhắn SMS")):
        response = client.post(
            "/api/v1/dispatch/preview", {"audience_id": audience["id"], "content_item_id": item.pk}
        )
        assert response.status_code == 400 and message in response.json()["detail"]
        assert response.json()["field"] == "content_item_id"


def test_preview_needs_exactly_one_of_text_and_content_item(national):
    org, client = national
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": "tct", "name": "A"}).json()
    response = client.post("/api/v1/dispatch/preview", {"audience_id": audience["id"]})
    assert response.status_code == 400 and response.json()["field"] == "text"


def test_preview_of_another_organisations_unreadable_item_is_refused():
    dic = factories.dic("24")
    client = factories.ApiClient(key=factories.api_key(dic))
    other = factories.organisation(OrganisationKind.POSTAL_FIRM)
    item = factories.approved_sms_item(other, "[QC] Chào {{ name }}. Từ chối: TC gửi 789")
    audience = client.post("/api/v1/dispatch/audiences", {"organisation": dic.code, "name": "A"}).json()
    response = client.post(
        "/api/v1/dispatch/preview", {"audience_id": audience["id"], "content_item_id": item.pk}
    )
    assert response.status_code in (403, 404)
