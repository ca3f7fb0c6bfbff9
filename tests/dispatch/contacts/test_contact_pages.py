"""The contacts browser and one contact's page: filters on either map, tag and suppression, numbers masked
per the viewer's rights, and nobody opens a contact outside their scope."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import OrganisationKind, Role
from dispatch.contacts import suppression
from dispatch.models import Message, Suppression, SuppressionRemoval
from tests import factories

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def bac_giang():
    """A DIC of Bắc Giang (2022 map) with three contacts of its own and one of Hà Nội's."""
    dic = factories.dic("24")
    vai = factories.contact(name="Hộ Vải", org=dic, tags=",vai-thieu,ocop,")
    na = factories.contact(
        name="Hộ Na", org=dic, tags=",na,", kind="trader", consent_source="", consent_at=None
    )
    cam = factories.contact(name="HTX Cam", org=dic, kind="cooperative")
    hanoi = factories.contact(name="Hộ Hà Nội", province_code="01")
    Suppression.objects.create(phone=cam.phone, reason="refused", note="Gọi tổng đài")
    return dic, {"vai": vai, "na": na, "cam": cam, "hanoi": hanoi}


def _names(client, **params) -> set[str]:
    page = client.get("/dispatch/contacts/", params).content.decode()
    return {name for name in ("Hộ Vải", "Hộ Na", "HTX Cam", "Hộ Hà Nội") if name in page}


def test_the_browser_filters_by_tag_suppression_kind_consent_and_either_map(bac_giang):
    dic, _contacts = bac_giang
    client = _signed_in(factories.user(org=dic, role=Role.EDITOR))
    assert _names(client) == {"Hộ Vải", "Hộ Na", "HTX Cam"}
    assert _names(client, tag="vai-thieu") == {"Hộ Vải"}
    assert _names(client, suppressed="yes") == {"HTX Cam"}
    assert _names(client, suppressed="no") == {"Hộ Vải", "Hộ Na"}
    assert _names(client, kind="trader") == {"Hộ Na"}
    assert _names(client, consent="no") == {"Hộ Na"}
    unit = factories.province("24").successor  # the 2025 unit Bắc Giang merged into
    assert _names(client, province=f"2025:{unit.code}") == {"Hộ Vải", "Hộ Na", "HTX Cam"}
    assert _names(client, province="2022:24", tag="na") == {"Hộ Na"}
    # Unknown values are ignored, never an error.
    assert (
        client.get("/dispatch/contacts/", {"kind": "x", "province": "9:zz", "consent": "?"}).status_code
        == 200
    )
    page = client.get("/dispatch/contacts/", {"tag": "ocop"}).content.decode()
    assert '<option value="vai-thieu"' in page  # the tags in use are offered


def test_a_national_member_filters_every_province(bac_giang):
    _dic, _contacts = bac_giang
    client = _signed_in(factories.user(org=factories.national(), role=Role.VIEWER))
    assert _names(client) == {"Hộ Vải", "Hộ Na", "HTX Cam", "Hộ Hà Nội"}
    assert _names(client, province="2022:01") == {"Hộ Hà Nội"}


def test_a_viewer_sees_masked_numbers_and_cannot_find_one_by_its_digits(bac_giang):
    dic, contacts = bac_giang
    client = _signed_in(factories.user(org=dic, role=Role.VIEWER))
    page = client.get("/dispatch/contacts/").content.decode()
    assert contacts["vai"].phone not in page and " *** " in page
    assert _names(client, q=contacts["vai"].phone[-7:]) == set()
    editor = _signed_in(factories.user(org=dic, role=Role.EDITOR))
    assert _names(editor, q="0" + contacts["vai"].phone[3:]) == {"Hộ Vải"}


def test_the_list_pages_keep_the_filters(bac_giang):
    dic, _contacts = bac_giang
    for n in range(100):
        factories.contact(name=f"Thêm {n}", org=dic, tags=",vai-thieu,")
    client = _signed_in(factories.user(org=dic, role=Role.EDITOR))
    page = client.get("/dispatch/contacts/", {"tag": "vai-thieu"}).content.decode()
    assert "101 người nhận" in page and "?tag=vai-thieu&amp;page=2" in page


def test_a_contacts_page_shows_its_data_consent_history_and_messages(bac_giang):
    dic, contacts = bac_giang
    cam = contacts["cam"]
    admin = factories.user(org=factories.postal_department(), role=Role.ADMIN)
    # It was suppressed once before and lifted by an administrator, then refused again (the one in force).
    SuppressionRemoval.objects.create(
        phone=cam.phone,
        suppression_reason="do_not_call",
        suppressed_at=timezone.now() - dt.timedelta(days=30),
        reason="Chủ thuê bao mới",
        removed_by=admin,
    )
    blast, _owner = factories.blast(org=dic, contacts=0, name="Cam Bắc Giang – đợt 1")
    Message.objects.create(blast=blast, contact=cam, phone=cam.phone, status="skipped", reason="suppressed")
    client = _signed_in(factories.user(org=dic, role=Role.EDITOR))
    response = client.get(f"/dispatch/contacts/{cam.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert cam.phone in page and "HTX Cam" in page and "Hợp tác xã" in page
    assert "Đang chặn: Người nhận từ chối" in page and "Gọi tổng đài" in page
    assert "Gỡ chặn bởi" in page and "Chủ thuê bao mới" in page
    assert "Đồng ý nhận tin quảng cáo (Biểu mẫu web)" in page
    assert "Cam Bắc Giang – đợt 1" in page and "Bỏ qua" in page
    assert "Số đã từ chối nhận tin hoặc thuộc danh sách không làm phiền." in page
    tags_page = client.get(f"/dispatch/contacts/{contacts['vai'].pk}/").content.decode()
    assert "vai-thieu" in tags_page and "ocop" in tags_page and "Không bị chặn" in tags_page


def test_a_viewer_opens_a_contact_with_its_number_masked(bac_giang):
    dic, contacts = bac_giang
    client = _signed_in(factories.user(org=dic, role=Role.VIEWER))
    page = client.get(f"/dispatch/contacts/{contacts['vai'].pk}/").content.decode()
    assert contacts["vai"].phone not in page and "0" + contacts["vai"].phone[3:] not in page
    assert " *** " in page


def test_a_contact_outside_the_viewers_scope_is_not_found(bac_giang):
    _dic, contacts = bac_giang
    hanoi = _signed_in(factories.user(org=factories.dic("01"), role=Role.EDITOR))
    assert hanoi.get(f"/dispatch/contacts/{contacts['vai'].pk}/").status_code == 404
    assert hanoi.get(f"/dispatch/contacts/{contacts['hanoi'].pk}/").status_code == 200
    postal = _signed_in(
        factories.user(org=factories.organisation(OrganisationKind.POSTAL_FIRM), role=Role.ADMIN)
    )
    assert postal.get(f"/dispatch/contacts/{contacts['vai'].pk}/").status_code == 404
    assert "Hộ Vải" not in postal.get("/dispatch/contacts/").content.decode()
    assert (
        _signed_in(factories.user(org=factories.national(), role=Role.VIEWER))
        .get(f"/dispatch/contacts/{contacts['vai'].pk}/")
        .status_code
        == 200
    )
    assert Client().get(f"/dispatch/contacts/{contacts['vai'].pk}/").status_code == 302  # to /login/


def test_a_contact_shows_only_the_messages_of_blasts_the_viewer_may_read(bac_giang):
    dic, contacts = bac_giang
    national = factories.national(OrganisationKind.POSTAL_DEPARTMENT)
    theirs, _owner = factories.blast(org=national, contacts=0, name="Tin toàn quốc")
    ours, _owner = factories.blast(org=dic, contacts=0, name="Tin của Sở")
    for blast in (theirs, ours):
        Message.objects.create(
            blast=blast, contact=contacts["vai"], phone=contacts["vai"].phone, status="sent"
        )
    page = _signed_in(factories.user(org=dic, role=Role.EDITOR)).get(
        f"/dispatch/contacts/{contacts['vai'].pk}/"
    )
    assert "Tin của Sở" in page.content.decode() and "Tin toàn quốc" not in page.content.decode()


def test_a_refusal_recorded_now_shows_on_the_contacts_page_at_once(bac_giang):
    dic, contacts = bac_giang
    suppression.suppression_add(phone=contacts["vai"].phone, reason="refused", actor=suppression.NUMBER_OWNER)
    client = _signed_in(factories.user(org=dic, role=Role.EDITOR))
    assert (
        "Đang chặn: Người nhận từ chối"
        in client.get(f"/dispatch/contacts/{contacts['vai'].pk}/").content.decode()
    )
    assert _names(client, suppressed="yes") == {"Hộ Vải", "HTX Cam"}


def test_the_contacts_api_filters_like_the_page_and_masks_numbers_for_viewers(bac_giang):
    from tests.factories import ApiClient

    dic, contacts = bac_giang
    api = ApiClient()
    api.force_login(factories.user(org=dic, role=Role.EDITOR))
    listed = api.get("/api/v1/dispatch/contacts", {"suppressed": "yes"}).json()
    assert [(c["name"], c["phone"]) for c in listed["items"]] == [("HTX Cam", contacts["cam"].phone)]
    assert listed["items"][0]["id"] == contacts["cam"].pk
    assert [c["name"] for c in api.get("/api/v1/dispatch/contacts", {"tag": "na"}).json()["items"]] == [
        "Hộ Na"
    ]
    api.force_login(factories.user(org=dic, role=Role.VIEWER))
    items = api.get("/api/v1/dispatch/contacts").json()["items"]
    assert len(items) == 3 and all(" *** " in c["phone"] for c in items)
    assert api.get("/api/v1/dispatch/contacts", {"q": contacts["vai"].phone[-6:]}).json()["count"] == 0
    assert api.get("/api/v1/dispatch/contacts", {"consent": "maybe"}).status_code == 422
